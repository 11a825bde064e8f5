package io.gigaslack.ops;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's Prometheus metrics, in a registry of their own (never the library's default registry), exposed as
 * text format 0.0.4 by {@link #scrape()}.
 *
 * <p>Every label has a bounded set of values: unknown kinds and outcomes are recorded as {@code other}, Giga
 * paths are templated ({@code GET /api/deployments/{id}}), and no label ever holds a query string, a token or
 * a key. Gauges are computed at scrape time from suppliers the app registers; a supplier that throws leaves its
 * gauge empty for that scrape and counts into {@code giga_slack_gauge_errors_total{gauge}}.
 *
 * <p>Thread-safe. One instance per process.
 */
public final class Metrics {

    private static final Logger log = LoggerFactory.getLogger(Metrics.class);

    /** Kinds of Slack request whose acknowledgement is timed. */
    public static final List<String> ACK_KINDS =
            List.of("command", "action", "view_submission", "shortcut", "event", "other");

    /** Outcomes of an incoming Giga callback. */
    public static final List<String> CALLBACK_OUTCOMES =
            List.of("accepted", "rejected_token", "malformed", "too_large", "other");

    /** Upper bounds of {@code giga_slack_ack_seconds}: Slack gives up after 3 s. */
    public static final double[] ACK_BUCKETS =
            {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 2.5, 3};

    /** Most data points a registered gauge reports per scrape; the rest are dropped (and logged). */
    public static final int MAX_GAUGE_SERIES = 200;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Histogram ackSeconds;
    private final Counter callbacks;
    final Counter slackCalls;
    final Counter gigaCalls;
    private final ScrapeTimeGauges gauges = new ScrapeTimeGauges();

    public Metrics() {
        ackSeconds = Histogram.builder()
                .name("giga_slack_ack_seconds")
                .help("Time from receiving a Slack request to acknowledging it, by kind")
                .labelNames("kind")
                .classicOnly()
                .classicUpperBounds(ACK_BUCKETS)
                .withoutExemplars()
                .register(registry);
        callbacks = Counter.builder()
                .name("giga_slack_callbacks_total")
                .help("Giga callbacks received, by outcome")
                .labelNames("outcome")
                .withoutExemplars()
                .register(registry);
        slackCalls = Counter.builder()
                .name("giga_slack_slack_calls_total")
                .help("Slack Web API calls, by method and outcome (ok, error, rate_limited, http_4xx, http_5xx,"
                        + " network_error)")
                .labelNames("method", "outcome")
                .withoutExemplars()
                .register(registry);
        gigaCalls = Counter.builder()
                .name("giga_slack_giga_calls_total")
                .help("Giga API calls, by endpoint template and outcome (status class, Giga error code for 4xx,"
                        + " or network_error)")
                .labelNames("endpoint", "outcome")
                .withoutExemplars()
                .register(registry);
        registry.register(gauges);
        for (String kind : ACK_KINDS) {
            ackSeconds.initLabelValues(kind);
        }
        for (String outcome : CALLBACK_OUTCOMES) {
            callbacks.initLabelValues(outcome);
        }
    }

    /**
     * Records how long acknowledging one Slack request took.
     *
     * @param kind one of {@link #ACK_KINDS}; anything else counts as {@code other}
     */
    public void ackLatency(String kind, Duration elapsed) {
        double seconds = elapsed.isNegative() ? 0 : elapsed.toNanos() / 1e9;
        ackSeconds.labelValues(oneOf(kind, ACK_KINDS)).observe(seconds);
    }

    /**
     * Counts one Giga callback.
     *
     * @param outcome one of {@link #CALLBACK_OUTCOMES}; anything else counts as {@code other}
     */
    public void callbackReceived(String outcome) {
        callbacks.labelValues(oneOf(outcome, CALLBACK_OUTCOMES)).inc();
    }

    /**
     * An OkHttp <em>application</em> interceptor ({@code builder.addInterceptor(...)}) for the one shared
     * client. Calls under {@code slackApiBaseUrl} count into {@code giga_slack_slack_calls_total{method,outcome}};
     * calls under {@code gigaApiBaseUrl} into {@code giga_slack_giga_calls_total{endpoint,outcome}} with a
     * templated endpoint; other {@code *.slack.com} hosts (response URLs, file uploads) count as Slack calls with
     * method {@code response_url}, {@code file_upload} or {@code other}; any other host (presigned storage URLs)
     * counts as Giga endpoint {@code presigned}. The interceptor never changes a request or a response.
     *
     * @param slackApiBaseUrl the Slack Web API base, e.g. {@code https://slack.com/api/}
     * @param gigaApiBaseUrl  the Giga API base, e.g. {@code https://api.withgiga.ai}
     */
    public Interceptor okHttpInterceptor(String slackApiBaseUrl, String gigaApiBaseUrl) {
        return new CallMetricsInterceptor(this, parse(slackApiBaseUrl, "Slack API base"),
                parse(gigaApiBaseUrl, "Giga API base"));
    }

    /**
     * Registers a gauge computed at each scrape: the supplier returns one value per label set (an empty label
     * map for a gauge without labels). Label names must be valid Prometheus label names.
     *
     * @throws IllegalArgumentException if {@code name} is not a valid metric name or is already registered
     */
    public void registerGauge(String name, String help, Supplier<Map<Map<String, String>, Double>> values) {
        Objects.requireNonNull(values, "values");
        if (!PrometheusNaming.isValidMetricName(name) || name.endsWith("_total")) {
            throw new IllegalArgumentException("not a valid gauge name: " + name);
        }
        if (!gauges.add(new SupplierGauge(name, help, values))) {
            throw new IllegalArgumentException("gauge " + name + " is already registered");
        }
    }

    /**
     * Registers {@code giga_slack_outbox_depth{queue}} and {@code giga_slack_outbox_oldest_age_seconds{queue}}.
     *
     * @param depthsByQueue    pending items per queue; its keys are the queues reported by both gauges
     * @param oldestAgeByQueue age of the oldest pending item of a queue; {@code null} for none (reported as 0)
     */
    public void registerOutbox(Supplier<Map<String, Long>> depthsByQueue,
            Function<String, Duration> oldestAgeByQueue) {
        Objects.requireNonNull(depthsByQueue, "depthsByQueue");
        Objects.requireNonNull(oldestAgeByQueue, "oldestAgeByQueue");
        registerGauge("giga_slack_outbox_depth", "Pending outbox items, by queue", () -> {
            Map<Map<String, String>, Double> out = new LinkedHashMap<>();
            depthsByQueue.get().forEach((queue, depth) -> out.put(Map.of("queue", queue), depth.doubleValue()));
            return out;
        });
        registerGauge("giga_slack_outbox_oldest_age_seconds",
                "Age of the oldest pending outbox item, by queue (0 when empty)", () -> {
                    Map<Map<String, String>, Double> out = new LinkedHashMap<>();
                    for (String queue : depthsByQueue.get().keySet()) {
                        Duration age = oldestAgeByQueue.apply(queue);
                        double seconds = age == null || age.isNegative() ? 0 : age.toMillis() / 1000.0;
                        out.put(Map.of("queue", queue), seconds);
                    }
                    return out;
                });
    }

    /** Registers {@code giga_slack_active_runs}: runs not yet in a final state. */
    public void registerActiveRuns(LongSupplier activeRuns) {
        Objects.requireNonNull(activeRuns, "activeRuns");
        registerGauge("giga_slack_active_runs", "Runs not yet in a final state",
                () -> Map.of(Map.of(), (double) activeRuns.getAsLong()));
    }

    /** Every metric in Prometheus text exposition format 0.0.4, UTF-8. Runs the gauge suppliers. */
    public String scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The {@code Content-Type} of {@link #scrape()}: {@code text/plain; version=0.0.4; charset=utf-8}. */
    public String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }

    /** The registry, to add metrics beyond these (never the default registry). */
    public PrometheusRegistry registry() {
        return registry;
    }

    private static String oneOf(String value, List<String> allowed) {
        return value != null && allowed.contains(value) ? value : "other";
    }

    private static HttpUrl parse(String url, String what) {
        HttpUrl parsed = url == null ? null : HttpUrl.parse(url);
        if (parsed == null) {
            throw new IllegalArgumentException(what + " is not an http(s) URL");
        }
        return parsed;
    }

    /** A gauge whose data points come from a supplier at scrape time. */
    private record SupplierGauge(String name, String help, Supplier<Map<Map<String, String>, Double>> values) {
    }

    /**
     * The registered gauges, plus {@code giga_slack_gauge_errors_total{gauge}}, collected together so that a
     * supplier failing during a scrape is counted in that same scrape.
     */
    private static final class ScrapeTimeGauges implements MultiCollector {
        private static final String ERRORS = "giga_slack_gauge_errors";
        private final List<SupplierGauge> gauges = new CopyOnWriteArrayList<>();
        private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

        synchronized boolean add(SupplierGauge gauge) {
            if (gauge.name().equals(ERRORS) || gauges.stream().anyMatch(g -> g.name().equals(gauge.name()))) {
                return false;
            }
            return gauges.add(gauge);
        }

        @Override
        public MetricSnapshots collect() {
            List<MetricSnapshot> out = new ArrayList<>();
            for (SupplierGauge g : gauges) {
                out.add(collect(g));
            }
            CounterSnapshot.Builder errorCounter = CounterSnapshot.builder().name(ERRORS)
                    .help("Scrapes at which a gauge's supplier failed, by gauge");
            errors.forEach((gauge, n) -> errorCounter.dataPoint(CounterDataPointSnapshot.builder()
                    .labels(Labels.of("gauge", gauge)).value(n.sum()).build()));
            out.add(errorCounter.build());
            return new MetricSnapshots(out);
        }

        @Override
        public List<String> getPrometheusNames() {
            return List.of(ERRORS);
        }

        private GaugeSnapshot collect(SupplierGauge g) {
            GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(g.name()).help(g.help());
            try {
                Map<Map<String, String>, Double> current = g.values().get();
                int n = 0;
                for (Map.Entry<Map<String, String>, Double> e : current.entrySet()) {
                    if (++n > MAX_GAUGE_SERIES) {
                        log.warn("gauge {} has {} series; reporting the first {}", g.name(), current.size(),
                                MAX_GAUGE_SERIES);
                        break;
                    }
                    b.dataPoint(GaugeDataPointSnapshot.builder()
                            .labels(labels(e.getKey()))
                            .value(e.getValue() == null ? Double.NaN : e.getValue())
                            .build());
                }
                return b.build();
            } catch (RuntimeException e) {
                log.warn("gauge {} could not be computed: {}", g.name(), e.toString());
                errors.computeIfAbsent(g.name(), k -> new LongAdder()).increment();
                return GaugeSnapshot.builder().name(g.name()).help(g.help()).build();
            }
        }

        private static Labels labels(Map<String, String> map) {
            if (map.isEmpty()) {
                return Labels.EMPTY;
            }
            String[] names = map.keySet().toArray(new String[0]);
            String[] vals = new String[names.length];
            for (int i = 0; i < names.length; i++) {
                vals[i] = String.valueOf(map.get(names[i]));
            }
            return Labels.of(names, vals);
        }
    }
}
