package io.gigaslack.giga;

/**
 * Query of {@code GET /api/deployments}; every part is optional (null = server default).
 *
 * @param page   page number, from 1 (assumed 1-based; undocumented)
 * @param limit  page size, 1–50
 * @param status status filter, e.g. {@link DeploymentStatus#RUNNING}
 * @param search search text (semantics undocumented: results are matched again on the client when it matters)
 */
public record ListDeploymentsQuery(Integer page, Integer limit, String status, String search) {

    public static final int MAX_LIMIT = 50;

    public ListDeploymentsQuery {
        if (page != null && page < 1) {
            throw new IllegalArgumentException("page must be at least 1: " + page);
        }
        if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
            throw new IllegalArgumentException("limit must be 1..50: " + limit);
        }
    }

    /** No filters, server defaults. */
    public static ListDeploymentsQuery all() {
        return new ListDeploymentsQuery(null, null, null, null);
    }

    public ListDeploymentsQuery withPage(int p) {
        return new ListDeploymentsQuery(p, limit, status, search);
    }

    public ListDeploymentsQuery withLimit(int l) {
        return new ListDeploymentsQuery(page, l, status, search);
    }

    public ListDeploymentsQuery withStatus(String s) {
        return new ListDeploymentsQuery(page, limit, s, search);
    }

    public ListDeploymentsQuery withSearch(String s) {
        return new ListDeploymentsQuery(page, limit, status, s);
    }
}
