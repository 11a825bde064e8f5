package io.gigaslack.giga;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;

/** Result of {@code GET /api/billing}; every field may be null. */
public record Billing(String plan, BigDecimal planCreditsRemaining, BigDecimal prepaidBalance,
        BigDecimal totalBalance, Instant currentPeriodStart, Instant currentPeriodEnd) {

    static Billing fromJson(JsonNode data) {
        JsonNode b = Json.member(data, "billing");
        String plan = Json.text(b, "plan");
        if (plan == null) {
            plan = Json.text(b.path("plan"), "id", "name");
        }
        return new Billing(plan, Json.decimal(b, "planCreditsRemaining"), Json.decimal(b, "prepaidBalance"),
                Json.decimal(b, "totalBalance"), Json.instant(b, "currentPeriodStart"),
                Json.instant(b, "currentPeriodEnd"));
    }
}
