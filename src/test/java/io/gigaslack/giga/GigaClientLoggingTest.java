package io.gigaslack.giga;

import static io.gigaslack.giga.Fixture.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Debug logs show method, path, status and duration; never the key, headers or presigned signatures. */
class GigaClientLoggingTest {

    private final Fixture f = new Fixture();
    private final Logger logger = (Logger) LoggerFactory.getLogger(GigaClient.class);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private Level previous;

    @BeforeEach
    void attach() {
        previous = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void detach() throws Exception {
        logger.detachAppender(appender);
        logger.setLevel(previous);
        f.close();
    }

    private List<String> lines() {
        return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void logs_method_path_status_and_duration_at_debug() {
        f.enqueue(200, "{\"deployment\":{\"id\":\"dep_1\"}}");
        f.client().getDeployment("dep_1");
        assertThat(lines()).singleElement().asString()
                .matches("giga GET /api/deployments/dep_1 -> 200 in \\d+ ms");
        assertThat(appender.list.get(0).getLevel()).isEqualTo(Level.DEBUG);
    }

    @Test
    void logs_never_contain_the_key_or_a_presigned_signature() {
        f.enqueue(401, "{\"error\":{\"code\":\"INVALID_API_KEY\",\"message\":\"bad " + KEY + "\"}}");
        f.server.enqueue(new MockResponse().setBody("bytes"));
        GigaClient client = f.client();

        catchThrowable(client::getBilling);
        client.fetchPresigned(f.server.url("/bucket/f?X-Amz-Signature=SIGNATURE").toString(), 100);

        assertThat(lines()).hasSize(2).allSatisfy(line -> assertThat(line)
                .doesNotContain(KEY, "Bearer", "Authorization", "SIGNATURE"));
    }
}
