package io.gigaslack.giga;

import static org.assertj.core.api.Assertions.assertThat;

import io.gigaslack.giga.RequestBudget.Permit;
import io.gigaslack.giga.RequestBudget.Priority;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every request that reaches the API went out on a permit of its own, and told it when it left. */
class GigaClientPermitTest {

    private final Fixture f = new Fixture();
    /** One entry per permit taken: the times it was told its request left. */
    private final List<List<Instant>> permits = new CopyOnWriteArrayList<>();
    private final RequestBudget budget = new RequestBudget() {
        @Override
        public Permit acquire(Priority priority) {
            List<Instant> sent = new CopyOnWriteArrayList<>();
            permits.add(sent);
            return sent::add;
        }

        @Override
        public void pauseUntil(Instant until) {
            // not under test
        }
    };
    private final GigaClient client = f.client(f.config(), budget);

    @AfterEach
    void tearDown() throws Exception {
        f.close();
    }

    @Test
    void each_attempt_takes_a_permit_of_its_own_and_tells_it_when_it_leaves() {
        f.enqueue(500, Fixture.error("INTERNAL_ERROR", "x"));
        f.enqueue(200, "{\"deployment\":{\"id\":\"dep_1\"}}");

        client.getDeployment("dep_1");

        assertThat(f.server.getRequestCount()).isEqualTo(2);
        assertThat(permits).hasSize(2);
        assertThat(permits.get(0)).containsExactly(Fixture.START);
        // The second left after the backoff the client slept (the sleeper moves the clock).
        assertThat(permits.get(1)).containsExactly(Fixture.START.plus(f.sleeps.get(0)));
    }

    @Test
    void a_pooled_connection_the_server_dropped_is_not_resent_by_okhttp_on_the_same_permit() {
        f.enqueue(200, "{\"deployment\":{\"id\":\"dep_1\"}}");
        f.server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        f.enqueue(200, "{\"deployment\":{\"id\":\"dep_1\"}}");

        client.getDeployment("dep_1"); // leaves its connection in the pool
        client.getDeployment("dep_1"); // its first try goes on that connection, which the server then drops

        assertThat(f.server.getRequestCount()).isEqualTo(3);
        assertThat(permits).hasSize(3).allSatisfy(sent -> assertThat(sent).hasSize(1));
    }

    @Test
    void a_start_that_got_no_answer_used_one_permit() {
        f.server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));

        try {
            client.startDeployment(StartDeploymentRequest.of("n", PlatformNames.GIGA_STANDARD, 1,
                    new Prompts("u", "g")));
        } catch (GigaApiException expected) {
            assertThat(expected.outcomeUnknown()).isTrue();
        }

        assertThat(f.server.getRequestCount()).isEqualTo(1);
        assertThat(permits).hasSize(1).allSatisfy(sent -> assertThat(sent).hasSize(1));
    }

    @Test
    void a_permit_that_cannot_record_its_send_fails_the_call_as_giga_unreachable_and_sends_nothing() {
        RequestBudget broken = new RequestBudget() {
            @Override
            public Permit acquire(Priority priority) {
                return at -> {
                    throw new IllegalStateException("database down");
                };
            }

            @Override
            public void pauseUntil(Instant until) {
                // not under test
            }
        };
        GigaClient withBroken = f.client(f.config(), broken);
        f.enqueue(200, "{\"deployment\":{\"id\":\"dep_1\"}}");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> withBroken.getDeployment("dep_1"))
                .isInstanceOf(GigaApiException.class).hasMessageContaining("database down");
        assertThat(f.server.getRequestCount()).isZero();
    }
}
