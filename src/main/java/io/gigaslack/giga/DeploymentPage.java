package io.gigaslack.giga;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** One page of {@code GET /api/deployments}. */
public record DeploymentPage(List<Deployment> deployments, Pagination pagination) {

    public DeploymentPage {
        deployments = List.copyOf(deployments);
    }

    /**
     * Whether another page may follow: {@code pagination.hasMore} when sent, else from total/offset, else whether
     * this page came back full.
     */
    public boolean hasMore(int requestedLimit) {
        if (pagination.hasMore() != null) {
            return pagination.hasMore();
        }
        if (pagination.total() != null && pagination.offset() != null) {
            return pagination.offset() + deployments.size() < pagination.total();
        }
        return !deployments.isEmpty() && deployments.size() >= requestedLimit;
    }

    static DeploymentPage fromJson(JsonNode data) {
        JsonNode items = data.isArray() ? data : data.path("deployments");
        List<Deployment> list = new ArrayList<>();
        for (JsonNode item : items) {
            list.add(Deployment.fromJson(item));
        }
        return new DeploymentPage(list, Pagination.fromJson(data.get("pagination")));
    }
}
