package io.gigaslack.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.bolt.App;
import com.slack.api.bolt.util.ListenerCodeSuggestion;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
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

    @Test
    void the_production_configuration_drops_bolts_suggestion_blocks_but_keeps_its_other_warnings() throws Exception {
        URL production = LoggingTest.class.getClassLoader().getResource("logback.xml");
        assertThat(production).as("logback.xml on the class path").isNotNull();
        LoggerContext context = new LoggerContext(); // as logback builds it at start-up from logback.xml
        context.setMDCAdapter(MDC.getMDCAdapter());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(production);
        try {
            org.slf4j.Logger bolt = context.getLogger(App.class);
            String out = capture(() -> logAsBoltDoes(bolt));

            assertThat(out).doesNotContain("[Suggestion]").doesNotContain("No BlockActionHandler registered")
                    .doesNotContain("app.blockAction(");
            assertThat(out.lines().toList()).singleElement().satisfies(line -> assertThat(line)
                    .contains(" WARN ").endsWith(" App - Failed to run the operation (error: boom)"));
        } finally {
            context.stop();
        }
    }

    @Test
    void configure_installs_the_suggestion_filter_once_in_either_format() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getTurboFilterList().removeIf(f -> f instanceof BoltSuggestionFilter); // logback-test.xml's own
        Logging.configure("json");
        Logging.configure("json");
        assertThat(context.getTurboFilterList()).filteredOn(f -> f instanceof BoltSuggestionFilter).hasSize(1);
        String out = capture(() -> logAsBoltDoes(LoggerFactory.getLogger(App.class)));

        assertThat(out.lines().toList()).singleElement().satisfies(line -> {
            JsonNode json = MAPPER.readTree(line);
            assertThat(json.path("logger").asText()).isEqualTo(App.class.getName());
            assertThat(json.path("message").asText()).isEqualTo("Failed to run the operation (error: boom)");
        });
        Logging.configure("text");
        assertThat(context.getTurboFilterList()).filteredOn(f -> f instanceof BoltSuggestionFilter).hasSize(1);
        assertThat(capture(() -> logAsBoltDoes(LoggerFactory.getLogger(App.class)))).doesNotContain("[Suggestion]")
                .contains("Failed to run the operation (error: boom)");
    }

    @Test
    void the_filter_leaves_suggestion_like_text_from_other_loggers_alone() {
        String out = capture(() -> log.warn("user wrote {}", "[Suggestion] not Bolt's"));

        assertThat(out).contains("user wrote [Suggestion] not Bolt's");
    }

    /** Bolt's warning for a request no listener matches (its suggestion block as an argument), then another. */
    private static void logAsBoltDoes(org.slf4j.Logger bolt) {
        bolt.warn("No BlockActionHandler registered for action_id: {}\n{}", "some_button",
                ListenerCodeSuggestion.blockAction("some_button"));
        bolt.warn("No ViewClosedHandler registered for callback_id: {}\n{}", "giga_run_modal",
                ListenerCodeSuggestion.viewClosed("giga_run_modal"));
        bolt.warn("Failed to run the operation (error: {})", "boom");
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
