package io.gigaslack.giga;

import static io.gigaslack.giga.Fixture.parse;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Lenient reading of the loosely documented shapes. */
class ModelParsingTest {

    private static SessionThread thread(String json) {
        return SessionThread.fromJson(parse(json));
    }

    @Test
    void run_status_comes_from_thread_status_first() {
        assertThat(thread("{\"thread\":{\"status\":\"QUEUED\",\"runs\":[{\"status\":\"RUNNING\"}]}}").runStatus())
                .contains("QUEUED");
    }

    @Test
    void run_status_falls_back_to_the_last_run_then_metadata() {
        assertThat(thread("{\"thread\":{\"runs\":[{\"status\":\"COMPLETED\"},{\"status\":\"EXECUTING\"}]}}").runStatus())
                .contains("EXECUTING");
        assertThat(thread("{\"thread\":{\"metadata\":{\"runStatus\":\"FAILED\"}}}").runStatus()).contains("FAILED");
        assertThat(thread("{\"thread\":{}}").runStatus()).isEmpty();
    }

    @Test
    void final_answer_is_the_last_assistant_text_in_string_or_parts_form() {
        SessionThread t = thread("""
                {"thread":{"messages":[
                  {"role":"assistant","content":"first"},
                  {"role":"user","content":"again"},
                  {"role":"ai","content":[{"type":"text","text":"part 1"},{"type":"tool_use","id":"x"},
                                          {"type":"text","text":"part 2"}]},
                  {"role":"user","content":"thanks"}]}}""");
        assertThat(t.finalAnswer()).contains("part 1\npart 2");
    }

    @Test
    void final_answer_skips_assistant_messages_without_text() {
        SessionThread t = thread("""
                {"thread":{"messages":[{"role":"assistant","content":"the answer"},
                  {"role":"assistant","content":[{"type":"tool_use","id":"x"}]}]}}""");
        assertThat(t.finalAnswer()).contains("the answer");
    }

    @Test
    void final_answer_falls_back_to_result_or_output() {
        assertThat(thread("{\"thread\":{\"messages\":[{\"role\":\"user\",\"content\":\"q\"}],\"result\":\"R\"}}")
                .finalAnswer()).contains("R");
        assertThat(thread("{\"thread\":{\"output\":\"O\"}}").finalAnswer()).contains("O");
        assertThat(thread("{\"thread\":{\"output\":{\"not\":\"a string\"}}}").finalAnswer()).isEmpty();
    }

    @Test
    void a_missing_or_odd_thread_gives_empty_answers_not_exceptions() {
        SessionThread t = thread("{\"thread\":null}");
        assertThat(t.finalAnswer()).isEmpty();
        assertThat(t.runStatus()).isEmpty();
        assertThat(t.sandboxId()).isEmpty();
        assertThat(thread("{\"thread\":{\"messages\":\"oops\",\"runs\":{}}}").finalAnswer()).isEmpty();
    }

    @Test
    void deployment_helpers_find_vnc_and_sandbox_under_plausible_keys() {
        Deployment flat = Deployment.fromJson(parse("{\"id\":\"d\",\"metadata\":{\"vncUrl\":\"wss://a\",\"sandboxId\":\"s1\"}}"));
        Deployment nested = Deployment.fromJson(parse(
                "{\"id\":\"d\",\"metadata\":{\"connection\":{\"vnc_url\":\"wss://b\",\"sandbox_id\":\"s2\"}}}"));
        Deployment none = Deployment.fromJson(parse("{\"id\":\"d\"}"));
        assertThat(flat.vncUrl()).contains("wss://a");
        assertThat(flat.sandboxId()).contains("s1");
        assertThat(nested.vncUrl()).contains("wss://b");
        assertThat(nested.sandboxId()).contains("s2");
        assertThat(none.vncUrl()).isEmpty();
        assertThat(none.sandboxId()).isEmpty();
        assertThat(none.createdAt()).isNull();
    }

    @Test
    void unreadable_timestamps_become_null() {
        assertThat(Deployment.fromJson(parse("{\"id\":\"d\",\"createdAt\":\"yesterday\"}")).createdAt()).isNull();
        assertThat(Deployment.fromJson(parse("{\"id\":\"d\",\"createdAt\":\"2024-03-16T13:00:00+01:00\"}")).createdAt())
                .isEqualTo(java.time.Instant.parse("2024-03-16T12:00:00Z"));
    }

    @Test
    void unwrap_strips_only_the_success_envelope() {
        assertThat(Json.unwrap(parse("{\"success\":true,\"data\":{\"a\":1}}"))).isEqualTo(parse("{\"a\":1}"));
        assertThat(Json.unwrap(parse("{\"thread\":{\"data\":1}}"))).isEqualTo(parse("{\"thread\":{\"data\":1}}"));
        assertThat(Json.unwrap(parse("{\"data\":[1],\"other\":2}"))).isEqualTo(parse("{\"data\":[1],\"other\":2}"));
    }

    @Test
    void run_status_helpers_know_trigger_dev_terminal_statuses() {
        assertThat(AgentRunStatus.isTerminal("COMPLETED")).isTrue();
        assertThat(AgentRunStatus.isTerminal("crashed")).isTrue();
        assertThat(AgentRunStatus.isFailure("SYSTEM_FAILURE")).isTrue();
        assertThat(AgentRunStatus.isTerminal("QUEUED")).isFalse();
        assertThat(AgentRunStatus.isTerminal(null)).isFalse();
        assertThat(DeploymentStatus.isFinished("terminated")).isTrue();
        assertThat(DeploymentStatus.isFinished("running")).isFalse();
    }

    @Test
    void plan_values_read_numbers_numeric_strings_and_words() {
        Plan p = Plan.fromJson(parse(
                "{\"id\":\"x\",\"monthlyCredits\":\"200\",\"concurrentAgents\":\"Unlimited\",\"price\":29.5}"));
        assertThat(p.monthlyCredits().asNumber()).hasValueSatisfying(n -> assertThat(n).isEqualByComparingTo("200"));
        assertThat(p.concurrentAgents().isUnlimited()).isTrue();
        assertThat(p.price().text()).isEqualTo("29.5");
        assertThat(p.maxDurationHours()).isNull();
    }
}
