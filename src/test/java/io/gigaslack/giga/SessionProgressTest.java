package io.gigaslack.giga;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gigaslack.giga.AgentStep.State;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lenient reading of an agent's steps from the undocumented session shape. */
class SessionProgressTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void reads_the_simulators_steps_with_ids_titles_and_states() {
        List<AgentStep> steps = SessionProgress.steps(json("{\"steps\":["
                + "{\"id\":\"s1\",\"title\":\"Open the browser\",\"status\":\"completed\"},"
                + "{\"id\":\"s2\",\"title\":\"Read the page\",\"status\":\"running\"},"
                + "{\"id\":\"s3\",\"title\":\"Save it\",\"status\":\"pending\"}]}"));

        assertThat(steps).extracting(AgentStep::key).containsExactly("id:s1", "id:s2", "id:s3");
        assertThat(steps).extracting(AgentStep::title).containsExactly("Open the browser", "Read the page", "Save it");
        assertThat(steps).extracting(AgentStep::state).containsExactly(State.DONE, State.IN_PROGRESS, State.PENDING);
    }

    @Test
    void reads_tasks_under_metadata_with_done_flags_and_names() {
        List<AgentStep> steps = SessionProgress.steps(json("{\"metadata\":{\"tasks\":["
                + "{\"name\":\"Log in\",\"done\":true},{\"description\":\"Download\",\"done\":false},"
                + "{\"label\":\"Check\",\"state\":\"ERROR\",\"error\":\"page  not\\nfound\"}]}}"));

        assertThat(steps).extracting(AgentStep::title).containsExactly("Log in", "Download", "Check");
        assertThat(steps).extracting(AgentStep::state).containsExactly(State.DONE, State.PENDING, State.FAILED);
        assertThat(steps.get(2).detail()).isEqualTo("page not found");
    }

    @Test
    void reads_a_plan_of_plain_strings_and_a_plan_object_with_items() {
        assertThat(SessionProgress.steps(json("{\"plan\":[\"Search\",\"Summarise\"]}")))
                .extracting(AgentStep::title).containsExactly("Search", "Summarise");
        assertThat(SessionProgress.steps(json("{\"plan\":{\"items\":[{\"text\":\"Search\",\"status\":\"in-progress\"}]}}")))
                .extracting(AgentStep::state).containsExactly(State.IN_PROGRESS);
    }

    @Test
    void tool_calls_among_the_messages_count_as_steps_done_when_no_list_is_given() {
        List<AgentStep> steps = SessionProgress.steps(json("{\"messages\":[{\"role\":\"user\",\"content\":\"go\"},"
                + "{\"role\":\"tool\",\"id\":\"t1\",\"name\":\"browser.open\"},"
                + "{\"role\":\"assistant\",\"content\":\"Done\"}]}"));

        assertThat(steps).extracting(AgentStep::title).containsExactly("browser.open");
        assertThat(steps).extracting(AgentStep::state).containsExactly(State.DONE);
    }

    @Test
    void unknown_shapes_give_no_steps_and_never_fail() {
        for (String s : List.of("{}", "{\"steps\":42}", "{\"steps\":[null,7,{},{\"status\":\"done\"}]}",
                "{\"tasks\":{\"x\":1}}", "{\"messages\":\"hi\"}", "[]", "\"text\"")) {
            assertThat(SessionProgress.steps(json(s))).as(s).isEmpty();
        }
        assertThat(SessionProgress.steps(null)).isEmpty();
    }

    @Test
    void unknown_state_words_count_as_in_progress_and_steps_never_go_back() {
        assertThat(State.fromWord("thinking")).isEqualTo(State.IN_PROGRESS);
        assertThat(State.fromWord("SUCCEEDED")).isEqualTo(State.DONE);
        assertThat(State.fromWord(" ")).isNull();
        AgentStep done = new AgentStep("k", "t", State.DONE, null);
        assertThat(done.advancedTo(new AgentStep("k", "t", State.PENDING, null))).isSameAs(done);
    }

    @Test
    void steps_without_ids_keep_the_same_key_across_reads() {
        String read = "{\"steps\":[{\"title\":\"A\",\"status\":\"running\"}]}";
        assertThat(SessionProgress.steps(json(read)).get(0).key())
                .isEqualTo(SessionProgress.steps(json(read.replace("running", "done"))).get(0).key());
    }

    @Test
    void long_titles_are_clipped_to_one_line() {
        String title = "x".repeat(400);
        AgentStep s = SessionProgress.steps(json("{\"steps\":[{\"title\":\"" + title + "\"}]}")).get(0);
        assertThat(s.title()).hasSize(SessionProgress.MAX_TITLE_CHARS).endsWith("…");
    }
}
