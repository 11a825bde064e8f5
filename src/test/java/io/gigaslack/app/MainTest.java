package io.gigaslack.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void without_configuration_exits_with_a_clear_message_and_no_stack_trace() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(List.of(), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String message = err.toString(StandardCharsets.UTF_8);
        assertThat(code).isEqualTo(2);
        assertThat(message).startsWith("giga-slack cannot start: 3 configuration problems")
                .contains("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "GIGA_API_KEY", "--config")
                .doesNotContain("Exception", "\tat ");
    }
}
