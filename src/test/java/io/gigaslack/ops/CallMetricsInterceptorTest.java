package io.gigaslack.ops;

import static io.gigaslack.ops.Scrapes.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CallMetricsInterceptorTest {

    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    private final MockWebServer slack = new MockWebServer();
    private final MockWebServer giga = new MockWebServer();
    private final MockWebServer storage = new MockWebServer();
    private final Metrics metrics = new Metrics();
    private OkHttpClient client;

    @BeforeEach
    void start() throws IOException {
        slack.start();
        giga.start();
        storage.start();
        client = new OkHttpClient.Builder()
                .addInterceptor(metrics.okHttpInterceptor(slack.url("/api/").toString(), giga.url("/").toString()))
                .retryOnConnectionFailure(false)
                .callTimeout(Duration.ofSeconds(5))
                .build();
    }

    @AfterEach
    void stop() throws IOException {
        slack.shutdown();
        giga.shutdown();
        storage.shutdown();
    }

    @Test
    void slack_calls_are_counted_by_web_api_method_and_outcome() throws IOException {
        slack.enqueue(json(200, "{\"ok\":true,\"ts\":\"1.2\"}"));
        slack.enqueue(json(200, "{\"ok\":false,\"error\":\"not_in_channel\"}"));
        slack.enqueue(json(429, "{\"ok\":false,\"error\":\"ratelimited\"}").addHeader("Retry-After", "3"));
        slack.enqueue(json(500, "oops"));
        slack.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        slack.enqueue(json(200, "{\"ok\":true}"));

        post(slack.url("/api/chat.postMessage"));
        post(slack.url("/api/chat.postMessage"));
        post(slack.url("/api/chat.postMessage"));
        post(slack.url("/api/chat.update"));
        assertThatThrownBy(() -> post(slack.url("/api/conversations.join"))).isInstanceOf(IOException.class);
        post(slack.url("/api/views.open"));

        String s = metrics.scrape();
        assertThat(value(s, series("slack", "chat.postMessage", "ok"))).hasValue(1);
        assertThat(value(s, series("slack", "chat.postMessage", "error"))).hasValue(1);
        assertThat(value(s, series("slack", "chat.postMessage", "rate_limited"))).hasValue(1);
        assertThat(value(s, series("slack", "chat.update", "http_5xx"))).hasValue(1);
        assertThat(value(s, series("slack", "conversations.join", "network_error"))).hasValue(1);
        assertThat(value(s, series("slack", "views.open", "ok"))).hasValue(1);
    }

    @Test
    void the_slack_body_is_only_peeked_so_the_caller_still_reads_all_of_it() throws IOException {
        String big = "{\"ok\":false,\"error\":\"invalid_blocks\",\"pad\":\"" + "x".repeat(20_000) + "\"}";
        slack.enqueue(json(200, big));
        String okLast = "{\"channel\":\"C1\",\"message\":{\"text\":\"" + "y".repeat(100) + "\"},\"ok\":true}";
        slack.enqueue(json(200, okLast));

        try (Response r = client.newCall(new Request.Builder().url(slack.url("/api/chat.postMessage"))
                .post(RequestBody.create("{}", JSON)).build()).execute()) {
            assertThat(r.body().string()).isEqualTo(big);
        }
        post(slack.url("/api/chat.postMessage"));

        String s = metrics.scrape();
        assertThat(value(s, series("slack", "chat.postMessage", "error"))).hasValue(1);
        assertThat(value(s, series("slack", "chat.postMessage", "ok"))).hasValue(1);
    }

    @Test
    void giga_calls_are_counted_by_endpoint_template_and_outcome() throws IOException {
        giga.enqueue(json(200, "{\"success\":true,\"data\":{}}"));
        giga.enqueue(json(402, "{\"success\":false,\"error\":{\"code\":\"INSUFFICIENT_CREDITS\",\"message\":\"x\"}}"));
        giga.enqueue(json(429, "{\"success\":false,\"error\":{\"code\":\"RATE_LIMITED\"}}"));
        giga.enqueue(new MockResponse().setResponseCode(429));
        giga.enqueue(json(404, "<html>not found</html>"));
        giga.enqueue(json(503, "{\"success\":false,\"error\":{\"code\":\"INTERNAL_ERROR\"}}"));
        giga.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        giga.enqueue(json(200, "{}"));
        giga.enqueue(json(200, "{}"));
        giga.enqueue(json(200, "{}"));
        giga.enqueue(json(200, "{}"));
        giga.enqueue(json(200, "{}"));

        get(giga.url("/api/deployments/dep_12"));
        post(giga.url("/api/deployments/start"));
        post(giga.url("/api/sessions/th_9/runs"));
        post(giga.url("/api/sessions/th_10/runs"));
        get(giga.url("/api/deployments/dep_404"));
        post(giga.url("/api/deployments/dep_1/stop"));
        assertThatThrownBy(() -> get(giga.url("/api/billing"))).isInstanceOf(IOException.class);
        get(giga.url("/api/sessions/3f2c9a70-1b2c-4d5e-8f90-abcdef012345/runs/run_77"));
        post(giga.url("/api/deployments/dep_2/files/sync"));
        get(giga.url("/api/deployments?page=2&limit=50&status=running&search=giga-slack%20r_1"));
        post(giga.url("/api/sandbox/extend"));
        get(giga.url("/api/deployments/dep_13"));

        String s = metrics.scrape();
        assertThat(value(s, series("giga", "GET /api/deployments/{id}", "2xx"))).hasValue(2);
        assertThat(value(s, series("giga", "POST /api/deployments/start", "INSUFFICIENT_CREDITS"))).hasValue(1);
        assertThat(value(s, series("giga", "POST /api/sessions/{id}/runs", "RATE_LIMITED"))).hasValue(2);
        assertThat(value(s, series("giga", "GET /api/deployments/{id}", "4xx"))).hasValue(1);
        assertThat(value(s, series("giga", "POST /api/deployments/{id}/stop", "5xx"))).hasValue(1);
        assertThat(value(s, series("giga", "GET /api/billing", "network_error"))).hasValue(1);
        assertThat(value(s, series("giga", "GET /api/sessions/{id}/runs/{id}", "2xx"))).hasValue(1);
        assertThat(value(s, series("giga", "POST /api/deployments/{id}/files/sync", "2xx"))).hasValue(1);
        assertThat(value(s, series("giga", "GET /api/deployments", "2xx"))).hasValue(1);
        assertThat(value(s, series("giga", "POST /api/sandbox/extend", "2xx"))).hasValue(1);
    }

    @Test
    void other_hosts_count_as_presigned_giga_calls() throws IOException {
        storage.enqueue(new MockResponse().setBody("file bytes"));
        storage.enqueue(new MockResponse().setResponseCode(403));

        get(storage.url("/bucket/dep_1/report.pdf?X-Amz-Signature=abc123&X-Amz-Credential=AKIAEXAMPLE"));
        Request put = new Request.Builder().url(storage.url("/bucket/up?sig=zzz"))
                .put(RequestBody.create("x", MediaType.get("text/plain"))).build();
        client.newCall(put).execute().close();

        String s = metrics.scrape();
        assertThat(value(s, series("giga", "presigned", "2xx"))).hasValue(1);
        assertThat(value(s, series("giga", "presigned", "4xx"))).hasValue(1);
    }

    @Test
    void no_label_holds_a_query_a_token_or_an_id() throws IOException {
        slack.enqueue(json(200, "{\"ok\":true}"));
        giga.enqueue(json(200, "{}"));
        giga.enqueue(json(200, "{}"));
        storage.enqueue(new MockResponse().setBody("x"));

        post(slack.url("/api/chat.postMessage?token=xoxb-123-secret"));
        get(giga.url("/api/files/download?fileId=file_secret&apiKey=giga_sk_secret"));
        get(giga.url("/api/giga_sk_secretkey/dep_secret"));
        get(storage.url("/obj_secret?X-Amz-Signature=secret"));

        String s = metrics.scrape();
        List<String> labelValues = labelValues(s);
        assertThat(labelValues).isNotEmpty();
        assertThat(labelValues).noneMatch(v -> v.contains("?") || v.contains("=") || v.contains("secret")
                || v.contains("xoxb") || v.contains("giga_sk") || v.contains("127.0.0.1"));
        assertThat(value(s, series("giga", "GET /api/files/download", "2xx"))).hasValue(1);
        assertThat(value(s, series("giga", "GET /api/{id}/{id}", "2xx"))).hasValue(1);
    }

    @Test
    void endpoint_templates_replace_every_segment_that_is_not_an_api_word() {
        HttpUrl base = HttpUrl.get("https://api.example.test/");
        assertThat(template("GET", base, "https://api.example.test/api/deployments/dep_1"))
                .isEqualTo("GET /api/deployments/{id}");
        assertThat(template("POST", HttpUrl.get("https://h.test/prefix"), "https://h.test/prefix/api/sessions"))
                .isEqualTo("POST /api/sessions");
        assertThat(template("BREW", base, "https://api.example.test/api/billing/plans"))
                .isEqualTo("OTHER /api/billing/plans");
        assertThat(template("GET", base, "https://api.example.test/a/b/c/d/e/f/g/h/i"))
                .isEqualTo("GET other");
        assertThat(CallMetricsInterceptor.under(base, HttpUrl.get("http://api.example.test/api"))).isNull();
        assertThat(CallMetricsInterceptor.under(base, HttpUrl.get("https://api.example.test:8443/api"))).isNull();
    }

    private static String template(String method, HttpUrl base, String url) {
        return CallMetricsInterceptor.gigaEndpoint(method, CallMetricsInterceptor.under(base, HttpUrl.get(url)));
    }

    private static List<String> labelValues(String scrape) {
        Matcher m = Pattern.compile("=\"([^\"]*)\"").matcher(scrape.replaceAll("(?m)^#.*$", ""));
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static String series(String api, String label, String outcome) {
        return api.equals("slack")
                ? "giga_slack_slack_calls_total{method=\"" + label + "\",outcome=\"" + outcome + "\"}"
                : "giga_slack_giga_calls_total{endpoint=\"" + label + "\",outcome=\"" + outcome + "\"}";
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json")
                .setBody(body);
    }

    private void get(HttpUrl url) throws IOException {
        client.newCall(new Request.Builder().url(url).build()).execute().close();
    }

    private void post(HttpUrl url) throws IOException {
        client.newCall(new Request.Builder().url(url).post(RequestBody.create("{}", JSON)).build()).execute()
                .close();
    }
}
