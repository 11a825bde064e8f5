package io.gigaslack.giga;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code pagination} of a deployment list; every field may be null. */
public record Pagination(Integer total, Integer limit, Integer offset, Boolean hasMore) {

    static Pagination fromJson(JsonNode node) {
        if (node == null || !node.isObject()) {
            return new Pagination(null, null, null, null);
        }
        return new Pagination(Json.integer(node, "total"), Json.integer(node, "limit"), Json.integer(node, "offset"),
                Json.bool(node, "hasMore"));
    }
}
