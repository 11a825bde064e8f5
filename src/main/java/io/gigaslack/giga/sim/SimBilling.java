package io.gigaslack.giga.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * The account's billing: a starter-pro account (150 plan credits left and 25 prepaid, by default; a test may set
 * others) and the three documented plans. The total balance is the sum of the two, as Giga's example shows it.
 */
final class SimBilling {
    private volatile BigDecimal planCreditsRemaining = BigDecimal.valueOf(150);
    private volatile BigDecimal prepaidBalance = BigDecimal.valueOf(25);

    void set(BigDecimal planCredits, BigDecimal prepaid) {
        this.planCreditsRemaining = planCredits;
        this.prepaidBalance = prepaid;
    }

    ObjectNode billing(Instant now) {
        ZonedDateTime start = now.atZone(ZoneOffset.UTC).withDayOfMonth(1).toLocalDate().atStartOfDay(ZoneOffset.UTC);
        BigDecimal plan = planCreditsRemaining;
        BigDecimal prepaid = prepaidBalance;
        ObjectNode billing = SimJson.object().put("plan", "starter-pro").put("planCreditsRemaining", plan)
                .put("prepaidBalance", prepaid).put("totalBalance", plan.add(prepaid))
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
