package io.gigaslack.giga;

import com.fasterxml.jackson.databind.JsonNode;

/** An entry of {@code GET /api/billing/plans}; figures may be numbers or words, any may be null. */
public record Plan(String id, String name, PlanValue monthlyCredits, PlanValue concurrentAgents,
        PlanValue maxDurationHours, PlanValue price) {

    static Plan fromJson(JsonNode node) {
        return new Plan(Json.text(node, "id", "_id"), Json.text(node, "name"),
                PlanValue.fromJson(node, "monthlyCredits"), PlanValue.fromJson(node, "concurrentAgents"),
                PlanValue.fromJson(node, "maxDurationHours"), PlanValue.fromJson(node, "price"));
    }
}
