package io.gigaslack.giga.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GigaSimulatorMainTest {

    @Test
    void options_configure_port_and_key() throws Exception {
        try (GigaSimulator sim = GigaSimulatorMain.fromArgs(new String[] {"--port", "0", "--api-key", "giga_sk_test",
                "--agent-seconds", "1", "--provision-seconds", "0"}).start()) {
            SimHttp.Reply r = new SimHttp(sim.baseUrl(), "giga_sk_test").get("/api/billing");

            assertThat(sim.apiKey()).isEqualTo("giga_sk_test");
            assertThat(sim.baseUrl()).startsWith("http://127.0.0.1:");
            assertThat(r.status()).isEqualTo(200);
        }
    }

    @Test
    void api_key_may_be_given_more_than_once_for_an_account_each() throws Exception {
        try (GigaSimulator sim = GigaSimulatorMain.fromArgs(new String[] {"--port", "0", "--api-key", "giga_sk_a",
                "--api-key", "giga_sk_b"}).start()) {
            assertThat(sim.apiKeys()).containsExactly("giga_sk_a", "giga_sk_b");
            assertThat(sim.apiKey()).isEqualTo("giga_sk_a");
            assertThat(new SimHttp(sim.baseUrl(), "giga_sk_b").get("/api/billing").status()).isEqualTo(200);
        }
        assertThatThrownBy(() -> GigaSimulatorMain.fromArgs(new String[] {"--api-key", "k", "--api-key", "k"}))
                .hasMessageContaining("given twice");
    }

    @Test
    void defaults_match_the_documented_trial_settings() {
        GigaSimulator sim = GigaSimulatorMain.fromArgs(new String[0]);

        assertThat(sim.apiKey()).isEqualTo("giga_sk_00000000000000000000000000000000");
        sim.close();
    }

    @Test
    void unknown_or_incomplete_options_are_rejected() {
        assertThatThrownBy(() -> GigaSimulatorMain.fromArgs(new String[] {"--nope", "1"}))
                .hasMessageContaining("unknown option --nope");
        assertThatThrownBy(() -> GigaSimulatorMain.fromArgs(new String[] {"--port"}))
                .hasMessageContaining("missing value");
        assertThatThrownBy(() -> GigaSimulatorMain.fromArgs(new String[] {"--port", "x"}))
                .hasMessageContaining("--port");
    }
}
