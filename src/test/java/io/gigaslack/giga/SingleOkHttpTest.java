package io.gigaslack.giga;

import static org.assertj.core.api.Assertions.assertThat;

import io.gigaslack.giga.sim.GigaSimulator;
import io.gigaslack.slack.web.SlackWebGateway;
import io.gigaslack.testing.FakeSlack;
import java.net.URL;
import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * Exactly one OkHttp on the classpath, and it carries both the Slack SDK's and the Giga client's
 * calls over real HTTP (declaring okhttp 5.x would silently leave the Slack SDK without it).
 */
class SingleOkHttpTest {

    @Test
    void exactly_one_okhttp_client_class_is_on_the_classpath() throws Exception {
        List<URL> copies = Collections.list(getClass().getClassLoader().getResources("okhttp3/OkHttpClient.class"));
        assertThat(copies).hasSize(1);
        assertThat(OkHttpClient.class.getPackage().getImplementationVersion()).isNull(); // 4.x jars carry no version here
        assertThat(okhttp3.OkHttp.VERSION).startsWith("4.12");
    }

    @Test
    void slack_sdk_and_giga_client_share_the_one_client_over_real_http() {
        AtomicInteger slackCalls = new AtomicInteger();
        AtomicInteger gigaCalls = new AtomicInteger();
        try (FakeSlack slack = new FakeSlack(); GigaSimulator sim = GigaSimulator.builder().build().start()) {
            OkHttpClient shared = new OkHttpClient.Builder().addInterceptor(chain -> {
                String url = chain.request().url().toString();
                if (url.startsWith(slack.apiUrl())) {
                    slackCalls.incrementAndGet();
                } else if (url.startsWith(sim.baseUrl())) {
                    gigaCalls.incrementAndGet();
                }
                return chain.proceed(chain.request());
            }).build();
            SlackWebGateway gateway = new SlackWebGateway(slack.apiUrl(), "xoxb-test", shared);
            GigaClient giga = new GigaClient(GigaClientConfig.of(sim.baseUrl(), sim.apiKey()), shared,
                    RequestBudget.unlimited(), Clock.systemUTC(), Sleeper.system(), new Random(1));

            assertThat(gateway.authTest()).isTrue();
            String ts = gateway.postMessage("C1", null, new com.fasterxml.jackson.databind.ObjectMapper()
                    .createObjectNode().put("text", "héllo 🚀"));
            assertThat(ts).isNotBlank();
            assertThat(giga.getBilling()).isNotNull();

            assertThat(slackCalls.get()).isEqualTo(2);
            assertThat(gigaCalls.get()).isEqualTo(1);
            assertThat(slack.message("C1", ts).text()).isEqualTo("héllo 🚀");
        }
    }
}
