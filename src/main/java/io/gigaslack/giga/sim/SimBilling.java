package io.gigaslack.giga.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** Fixed billing data: a starter-pro account and the three documented plans. */
final class SimBilling {

    private SimBilling() {
    }

    static ObjectNode billing(Instant now) {
        ZonedDateTime start = now.atZone(ZoneOffset.UTC).withDayOfMonth(1).toLocalDate().atStartOfDay(ZoneOffset.UTC);
        ObjectNode billing = SimJson.object().put("plan", "starter-pro").put("planCreditsRemaining", 150)
                .put("prepaidBalance", 25.0).put("totalBalance", 26.5)
                .put("currentPeriodStart", SimJson.time(start.toInstant()))
                .put("currentPeriodEnd", SimJson.time(start.plusMonths(1).toInstant()));
        ObjectNode data = SimJson.object();
        data.set("billing", billing);
        return data;
    }

    static ObjectNode plans() {
        ObjectNode data = SimJson.object();
        ArrayNode plans = data.putArray("plans");
        plans.addObject().put("id", "free").put("name", "Free").put("monthlyCredits", 10)
                .put("concurrentAgents", 1).put("maxDurationHours", 1).put("price", 0);
        plans.addObject().put("id", "starter-pro").put("name", "Starter Pro").put("monthlyCredits", 200)
                .put("concurrentAgents", 5).put("maxDurationHours", 8).put("price", 29);
        plans.addObject().put("id", "max").put("name", "Max").put("monthlyCredits", "custom")
                .put("concurrentAgents", "unlimited").put("maxDurationHours", 24).put("price", "custom");
        return data;
    }
}
