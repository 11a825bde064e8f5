package io.gigaslack.slack.render;

import static io.gigaslack.slack.render.Fixtures.CTX;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.gigaslack.chart.UsageChart;
import io.gigaslack.runs.UsageFixtures;
import io.gigaslack.runs.UsageReport;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Usage at a glance against golden files (see {@link Golden} for {@code -Dgolden.update=true}): the report's data,
 * the data the chart draws (its bars and titles; the PNG itself is checked in {@code UsageChartTest}), the answer to
 * {@code /giga usage}, the admins' App Home and the low-balance direct message.
 */
class UsageGoldenTest {
    private static final ObjectMapper DATA = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    static Map<String, Supplier<JsonNode>> variants() {
        Map<String, Supplier<JsonNode>> v = new LinkedHashMap<>();
        v.put("usage_report_data", () -> DATA.valueToTree(UsageFixtures.everyone()));
        v.put("usage_chart_data", () -> chartData(UsageFixtures.everyone()));
        v.put("usage_chart_data_own", () -> chartData(UsageFixtures.ofU1()));
        v.put("response_usage_everyone", () -> UsageBlocks.answer(UsageFixtures.everyone()));
        v.put("response_usage_own", () -> UsageBlocks.answer(UsageFixtures.ofU1()));
        v.put("response_usage_empty", () -> UsageBlocks.answer(UsageReport.of(List.of(), UsageFixtures.NOW, "U5")));
        v.put("home_admin_usage", () -> HomeView.render("U9", Fixtures.many(2), CTX, new UsageBlocks.AdminSummary(
                UsageFixtures.everyone(), UsageFixtures.balance("150", "25"), 100)));
        v.put("home_admin_usage_low_balance", () -> HomeView.render("U9", Fixtures.many(2), CTX,
                new UsageBlocks.AdminSummary(UsageFixtures.everyone(), UsageFixtures.balance("52.5", "0"), 100)));
        v.put("home_admin_usage_balance_not_read", () -> HomeView.render("U9", List.of(), CTX,
                new UsageBlocks.AdminSummary(UsageFixtures.everyone(), null, 0)));
        v.put("dm_low_balance", () -> UsageBlocks.lowBalanceWarning(new BigDecimal("52.5"), 100,
                UsageFixtures.NOW));
        return v;
    }

    /** What the chart draws: its size, titles and bars. */
    static JsonNode chartData(UsageReport r) {
        ObjectNode o = DATA.createObjectNode();
        o.put("width", UsageChart.WIDTH).put("height", UsageChart.HEIGHT).put("title", UsageChart.title(r))
                .put("subtitle", UsageChart.subtitle(r));
        o.set("bars", DATA.valueToTree(UsageChart.bars(r)));
        return o;
    }

    @TestFactory
    Stream<DynamicTest> usage_output_matches_golden_files() {
        return variants().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            JsonNode sent = new ObjectMapper().readTree(new ObjectMapper().writeValueAsBytes(e.getValue().get()));
            Golden.check(e.getKey(), sent);
            if (!e.getKey().startsWith("usage_")) {
                assertThat(BlockKitLimits.check(sent)).as(e.getKey()).isEmpty();
            }
        }));
    }

    @Test
    void a_workspace_with_many_people_and_runs_still_fits_in_a_message_and_counts_the_rest() {
        List<io.gigaslack.runs.MeteredRun> many = new java.util.ArrayList<>();
        for (int i = 0; i < 400; i++) {
            many.add(new io.gigaslack.runs.MeteredRun("r_" + i, "U" + (100 + i % 60), "C" + (100 + i % 40),
                    UsageFixtures.NOW.minusSeconds(3600L * (i % 90)), 20, UsageFixtures.NOW.minusSeconds(3600L * (i % 90)),
                    UsageFixtures.NOW.minusSeconds(3600L * (i % 90) - 600), UsageFixtures.NOW, true, false));
        }
        UsageReport r = UsageReport.of(many, UsageFixtures.NOW, null);

        ObjectNode answer = UsageBlocks.answer(r);
        ObjectNode home = HomeView.render("U9", Fixtures.many(40), CTX, new UsageBlocks.AdminSummary(r, null, 0));

        assertThat(BlockKitLimits.check(answer)).isEmpty();
        assertThat(BlockKitLimits.check(home)).isEmpty();
        assertThat(answer.toString()).contains("…and 45 other people.").contains("…and 25 other channels.")
                .contains("…and " + (r.runs() - 10) + " more runs.");
    }
}
