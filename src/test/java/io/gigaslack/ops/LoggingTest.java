package io.gigaslack.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** Captures what the console appender writes by swapping {@code System.out}, which logback reads per write. */
class LoggingTest {

    private static final Logger log = LoggerFactory.getLogger(LoggingTest.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final PrintStream originalOut = System.out;

    @AfterEach
    void restore() {
        System.setOut(originalOut);
        MDC.clear();
        Logging.configure("text");
    }

    @Test
    void json_format_writes_one_parsable_object_per_line_with_the_mdc() throws Exception {
        Logging.configure("json");
        String out = capture(() -> {
            MDC.put("run", "r_123");
            MDC.put("job", "j_7");
            log.warn("started \"{}\" in {}", "Zürich ✓", "C1\nsecond line");
            log.error("failed", new IllegalStateException("boom"));
            MDC.remove("job");
            log.warn("no job here");
        });

        List<String> lines = out.lines().toList();
        assertThat(lines).hasSize(3);
        for (String line : lines) {
            JsonNode json = MAPPER.readTree(line);
            assertThat(json.isObject()).isTrue();
            assertThat(json.path("run").asText()).isEqualTo("r_123");
            assertThat(json.path("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d.*Z");
            assertThat(json.path("logger").asText()).isEqualTo(LoggingTest.class.getName());
        }
        JsonNode first = MAPPER.readTree(lines.get(0));
        assertThat(first.path("level").asText()).isEqualTo("WARN");
        assertThat(first.path("message").asText()).isEqualTo("started \"Zürich ✓\" in C1\nsecond line");
        assertThat(first.path("job").asText()).isEqualTo("j_7");
        assertThat(first.has("exception")).isFalse();
        JsonNode second = MAPPER.readTree(lines.get(1));
        assertThat(second.path("level").asText()).isEqualTo("ERROR");
        assertThat(second.path("exception").asText())
                .startsWith("java.lang.IllegalStateException: boom").contains("\tat ");
        assertThat(MAPPER.readTree(lines.get(2)).has("job")).isFalse();
    }

    @Test
    void text_format_keeps_the_configured_pattern_and_undoes_json() throws Exception {
        Logging.configure("json");
        Logging.configure("TEXT");
        String out = capture(() -> {
            MDC.put("run", "r_123");
            log.warn("hello");
        });

        assertThat(out.lines().toList()).singleElement().satisfies(line -> {
            assertThat(line).doesNotStartWith("{").contains(" run=r_123").endsWith(" - hello");
        });
    }

    @Test
    void configuring_json_twice_changes_nothing_more() throws Exception {
        Logging.configure("json");
        Logging.configure("json");
        String out = capture(() -> log.warn("once"));

        assertThat(out.lines().toList()).singleElement()
                .satisfies(line -> assertThat(MAPPER.readTree(line).path("message").asText()).isEqualTo("once"));
    }

    @Test
    void blank_means_text_and_anything_else_is_refused() {
        Logging.configure(null);
        Logging.configure(" ");
        assertThatThrownBy(() -> Logging.configure("xml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("log format must be text or json, not \"xml\"");
    }

    private String capture(Runnable logging) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            logging.run();
        } finally {
            System.out.flush();
            System.setOut(originalOut);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
