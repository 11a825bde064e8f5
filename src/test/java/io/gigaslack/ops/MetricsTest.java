package io.gigaslack.ops;

import static io.gigaslack.ops.Scrapes.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MetricsTest {

    private final Metrics metrics = new Metrics();

    @Test
    void ack_latency_lands_in_the_histogram_of_its_kind() {
        metrics.ackLatency("command", Duration.ofMillis(40));
        metrics.ackLatency("command", Duration.ofMillis(700));
        metrics.ackLatency("view_submission", Duration.ofSeconds(4));

        String s = metrics.scrape();
        assertThat(s).contains("# TYPE giga_slack_ack_seconds histogram");
        assertThat(value(s, "giga_slack_ack_seconds_count{kind=\"command\"}")).hasValue(2);
        assertThat(value(s, "giga_slack_ack_seconds_sum{kind=\"command\"}").getAsDouble()).isCloseTo(0.74,
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(value(s, "giga_slack_ack_seconds_bucket{kind=\"command\",le=\"0.05\"}")).hasValue(1);
        assertThat(value(s, "giga_slack_ack_seconds_bucket{kind=\"command\",le=\"0.75\"}")).hasValue(2);
        assertThat(value(s, "giga_slack_ack_seconds_bucket{kind=\"view_submission\",le=\"3.0\"}")).hasValue(0);
        assertThat(value(s, "giga_slack_ack_seconds_bucket{kind=\"view_submission\",le=\"+Inf\"}")).hasValue(1);
        assertThat(value(s, "giga_slack_ack_seconds_bucket{kind=\"command\",le=\"0.005\"}")).hasValue(0);
    }

    @Test
    void every_ack_kind_is_exported_before_first_use_and_unknown_kinds_count_as_other() {
        metrics.ackLatency("block_suggestion", Duration.ofMillis(1));
        metrics.ackLatency(null, Duration.ofMillis(1));

        String s = metrics.scrape();
        for (String kind : Metrics.ACK_KINDS) {
            assertThat(s).contains("giga_slack_ack_seconds_count{kind=\"" + kind + "\"}");
        }
        assertThat(value(s, "giga_slack_ack_seconds_count{kind=\"other\"}")).hasValue(2);
        assertThat(s).doesNotContain("block_suggestion");
    }

    @Test
    void callbacks_are_counted_by_outcome() {
        metrics.callbackReceived("accepted");
        metrics.callbackReceived("accepted");
        metrics.callbackReceived("rejected_token");
        metrics.callbackReceived("too_large");
        metrics.callbackReceived("something else");

        String s = metrics.scrape();
        assertThat(s).contains("# TYPE giga_slack_callbacks_total counter");
        assertThat(value(s, "giga_slack_callbacks_total{outcome=\"accepted\"}")).hasValue(2);
        assertThat(value(s, "giga_slack_callbacks_total{outcome=\"rejected_token\"}")).hasValue(1);
        assertThat(value(s, "giga_slack_callbacks_total{outcome=\"malformed\"}")).hasValue(0);
        assertThat(value(s, "giga_slack_callbacks_total{outcome=\"too_large\"}")).hasValue(1);
        assertThat(value(s, "giga_slack_callbacks_total{outcome=\"other\"}")).hasValue(1);
    }

    @Test
    void outbox_and_active_run_gauges_are_computed_at_each_scrape() {
        Map<String, Long> depths = new LinkedHashMap<>();
        depths.put("slack", 3L);
        depths.put("giga", 0L);
        AtomicLong active = new AtomicLong(5);
        metrics.registerOutbox(() -> depths,
                queue -> queue.equals("slack") ? Duration.ofMillis(12_500) : null);
        metrics.registerActiveRuns(active::get);

        String s = metrics.scrape();
        assertThat(s).contains("# TYPE giga_slack_outbox_depth gauge");
        assertThat(value(s, "giga_slack_outbox_depth{queue=\"slack\"}")).hasValue(3);
        assertThat(value(s, "giga_slack_outbox_depth{queue=\"giga\"}")).hasValue(0);
        assertThat(value(s, "giga_slack_outbox_oldest_age_seconds{queue=\"slack\"}")).hasValue(12.5);
        assertThat(value(s, "giga_slack_outbox_oldest_age_seconds{queue=\"giga\"}")).hasValue(0);
        assertThat(value(s, "giga_slack_active_runs")).hasValue(5);

        depths.put("slack", 1L);
        active.set(2);
        String later = metrics.scrape();
        assertThat(value(later, "giga_slack_outbox_depth{queue=\"slack\"}")).hasValue(1);
        assertThat(value(later, "giga_slack_active_runs")).hasValue(2);
    }

    @Test
    void generic_gauge_takes_any_label_set() {
        metrics.registerGauge("giga_slack_test_things", "Things", () -> Map.of(
                Map.of("b", "2", "a", "1"), 7.0,
                Map.of("a", "3", "b", "4"), 8.0));

        String s = metrics.scrape();
        assertThat(value(s, "giga_slack_test_things{a=\"1\",b=\"2\"}")).hasValue(7);
        assertThat(value(s, "giga_slack_test_things{a=\"3\",b=\"4\"}")).hasValue(8);
    }

    @Test
    void a_failing_gauge_supplier_does_not_break_the_scrape_and_is_counted() {
        metrics.registerActiveRuns(() -> {
            throw new IllegalStateException("database down");
        });
        metrics.callbackReceived("accepted");

        String s = metrics.scrape();
        assertThat(value(s, "giga_slack_callbacks_total{outcome=\"accepted\"}")).hasValue(1);
        assertThat(value(s, "giga_slack_active_runs")).isEmpty();
        assertThat(value(s, "giga_slack_gauge_errors_total{gauge=\"giga_slack_active_runs\"}")).hasValue(1);
    }

    @Test
    void gauge_names_are_checked_and_unique() {
        metrics.registerActiveRuns(() -> 1);
        assertThatThrownBy(() -> metrics.registerActiveRuns(() -> 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> metrics.registerGauge("bad name", "x", Map::of))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void uses_its_own_registry_and_the_text_format() {
        metrics.callbackReceived("accepted");

        assertThat(metrics.registry()).isNotSameAs(PrometheusRegistry.defaultRegistry);
        assertThat(PrometheusRegistry.defaultRegistry.scrape().stream()
                .map(m -> m.getMetadata().getPrometheusName())).noneMatch(n -> n.startsWith("giga_slack"));
        assertThat(metrics.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        assertThat(metrics.scrape()).contains("# HELP giga_slack_callbacks_total ")
                .doesNotContain("_created");
        // A second instance does not clash with the first (tests and the app each make their own).
        new Metrics().callbackReceived("accepted");
    }
}
