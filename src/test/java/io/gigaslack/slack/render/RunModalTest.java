package io.gigaslack.slack.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gigaslack.slack.command.RunOptions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RunModalTest {
    static final Set<String> ALLOWED = Set.of("giga-standard", "giga-large");

    /** A view_submission payload as Slack sends it for the run modal. */
    static JsonNode submission(String task, String platform, String hours, String name) {
        ObjectNode payload = Blocks.JSON.objectNode();
        payload.put("type", "view_submission");
        ObjectNode view = payload.putObject("view");
        view.put("callback_id", RunModal.CALLBACK_ID);
        view.put("private_metadata", new RunModal.Metadata("C1", "1700000000.000100").toJson());
        ObjectNode values = view.putObject("state").putObject("values");
        values.putObject(BlockIds.MODAL_TASK).putObject(ActionIds.MODAL_TASK).put("type", "plain_text_input")
                .put("value", task);
        values.putObject(BlockIds.MODAL_GOAL).putObject(ActionIds.MODAL_GOAL).put("type", "plain_text_input")
                .putNull("value");
        ObjectNode select = values.putObject(BlockIds.MODAL_PLATFORM).putObject(ActionIds.MODAL_PLATFORM);
        select.put("type", "static_select");
        if (platform != null) {
            select.putObject("selected_option").put("value", platform);
        } else {
            select.putNull("selected_option");
        }
        values.putObject(BlockIds.MODAL_HOURS).putObject(ActionIds.MODAL_HOURS).put("type", "number_input")
                .put("value", hours);
        values.putObject(BlockIds.MODAL_SYSTEM).putObject(ActionIds.MODAL_SYSTEM).put("type", "plain_text_input")
                .put("value", "");
        values.putObject(BlockIds.MODAL_NAME).putObject(ActionIds.MODAL_NAME).put("type", "plain_text_input")
                .put("value", name);
        return payload;
    }

    @Test
    void valid_submission_gives_options_task_and_metadata() {
        RunModal.Submission s = RunModal.parseSubmission(submission("  Do the thing  ", "giga-large", "3", "Mine"), ALLOWED);
        assertThat(s).isEqualTo(new RunModal.Submission.Valid(new RunModal.Metadata("C1", "1700000000.000100"),
                new RunOptions("giga-large", 3, null, null, "Mine"), "Do the thing"));
    }

    @Test
    void empty_task_is_a_field_error() {
        assertThat(errors(submission("  ", "giga-large", "3", null))).containsOnlyKeys(BlockIds.MODAL_TASK);
    }

    @Test
    void hours_outside_1_to_24_is_a_field_error() {
        assertThat(errors(submission("t", "giga-large", "0", null))).containsOnlyKeys(BlockIds.MODAL_HOURS);
        assertThat(errors(submission("t", "giga-large", "25", null))).containsOnlyKeys(BlockIds.MODAL_HOURS);
        assertThat(errors(submission("t", "giga-large", "2.5", null))).containsOnlyKeys(BlockIds.MODAL_HOURS);
        assertThat(errors(submission("t", "giga-large", null, null))).containsOnlyKeys(BlockIds.MODAL_HOURS);
    }

    @Test
    void unknown_or_missing_platform_is_a_field_error() {
        assertThat(errors(submission("t", "giga-huge", "3", null))).containsOnlyKeys(BlockIds.MODAL_PLATFORM);
        assertThat(errors(submission("t", null, "3", null))).containsOnlyKeys(BlockIds.MODAL_PLATFORM);
    }

    @Test
    void over_long_fields_are_field_errors() {
        assertThat(errors(submission("t".repeat(3001), "giga-large", "3", "n".repeat(81))))
                .containsOnlyKeys(BlockIds.MODAL_TASK, BlockIds.MODAL_NAME);
    }

    @Test
    void lost_metadata_is_reported_on_the_task() {
        ObjectNode p = (ObjectNode) submission("t", "giga-large", "3", null);
        ((ObjectNode) p.get("view")).put("private_metadata", "{\"channel\":\"<!channel>\"}");
        assertThat(errors(p)).containsOnlyKeys(BlockIds.MODAL_TASK);
        assertThat(RunModal.parseSubmission(null, ALLOWED)).isInstanceOf(RunModal.Submission.Errors.class);
    }

    @Test
    void prefilled_modal_cuts_a_huge_task_to_the_input_limit() {
        ObjectNode v = RunModal.view(Fixtures.PLATFORMS, new RunModal.Defaults("giga-standard", 1, ""),
                new RunModal.Metadata("C1", null), RunModal.Prefill.task("😀".repeat(20_000)));
        String initial = v.get("blocks").get(0).get("element").get("initial_value").asText();
        assertThat(initial.length()).isLessThanOrEqualTo(RunModal.TASK_MAX);
        assertThat(Character.isHighSurrogate(initial.charAt(initial.length() - 1))).isFalse();
        assertThat(BlockKitLimits.check(v)).isEmpty();
    }

    @Test
    void the_file_field_and_the_files_the_modal_came_with_are_the_runs_files() {
        ObjectNode payload = (ObjectNode) submission("Compare them", "giga-standard", "1", "");
        ObjectNode view = (ObjectNode) payload.get("view");
        view.put("private_metadata", new RunModal.Metadata("C1", null,
                List.of(new RunModal.AttachedFile("F0MSG1", "from the message.csv"))).toJson());
        ObjectNode field = ((ObjectNode) view.get("state").get("values")).putObject(BlockIds.MODAL_FILES)
                .putObject(ActionIds.MODAL_FILES).put("type", "file_input");
        field.putArray("files").add(Blocks.JSON.objectNode().put("id", "F0UP1").put("name", "uploaded.pdf")
                .put("mimetype", "application/pdf").put("url_private_download", "https://files.slack.com/x"))
                .add(Blocks.JSON.objectNode().put("id", "../../etc").put("name", "not a Slack file id"));

        RunModal.Submission s = RunModal.parseSubmission(payload, ALLOWED);

        assertThat(s).isInstanceOf(RunModal.Submission.Valid.class);
        assertThat(((RunModal.Submission.Valid) s).files()).containsExactly(
                new RunModal.AttachedFile("F0MSG1", "from the message.csv"),
                new RunModal.AttachedFile("F0UP1", "uploaded.pdf"));
    }

    @Test
    void the_modal_offers_a_file_field_of_at_most_ten_files_less_those_it_came_with() {
        ObjectNode plain = RunModal.view(Fixtures.PLATFORMS, new RunModal.Defaults("giga-standard", 1, ""),
                new RunModal.Metadata("C1", null));
        ObjectNode withTwo = RunModal.view(Fixtures.PLATFORMS, new RunModal.Defaults("giga-standard", 1, ""),
                new RunModal.Metadata("C1", null, List.of(new RunModal.AttachedFile("F0A", "a.csv"),
                        new RunModal.AttachedFile("F0B", null))));

        assertThat(fileField(plain).path("element").path("max_files").asInt()).isEqualTo(10);
        assertThat(fileField(plain).path("optional").asBoolean()).isTrue();
        assertThat(fileField(withTwo).path("element").path("max_files").asInt()).isEqualTo(8);
        assertThat(withTwo.toString()).contains("The message's 2 files go to the agent's Desktop too: `a.csv`,"
                + " `file F0B`");
    }

    @Test
    void metadata_with_files_round_trips_and_drops_what_is_not_a_file_id() {
        RunModal.Metadata m = new RunModal.Metadata("C0123", null, List.of(new RunModal.AttachedFile("F0A1", "a b.csv"),
                new RunModal.AttachedFile("F0A2", null)));
        assertThat(RunModal.Metadata.parse(m.toJson())).contains(m);
        assertThat(RunModal.Metadata.parse("{\"channel\":\"C1\",\"files\":[{\"id\":\"x/../y\"}]}"))
                .contains(new RunModal.Metadata("C1", null));
    }

    private static JsonNode fileField(ObjectNode view) {
        for (JsonNode b : view.get("blocks")) {
            if (BlockIds.MODAL_FILES.equals(b.path("block_id").asText())) {
                return b;
            }
        }
        throw new AssertionError("no file field in " + view);
    }

    @Test
    void metadata_round_trips() {
        RunModal.Metadata m = new RunModal.Metadata("C0123", "1700000000.000100");
        assertThat(RunModal.Metadata.parse(m.toJson())).contains(m);
        assertThat(RunModal.Metadata.parse("not json")).isEmpty();
    }

    @Test
    void platform_options_show_credits_per_hour() {
        ObjectNode v = RunModal.view(List.of(new io.gigaslack.runs.Platform("giga-standard", 60)),
                new RunModal.Defaults("giga-standard", 1, ""), new RunModal.Metadata("C1", null));
        assertThat(v.get("blocks").get(2).get("element").get("options").get(0).get("text").get("text").asText())
                .isEqualTo("giga-standard — 60 credits/hour");
    }

    private static java.util.Map<String, String> errors(JsonNode payload) {
        RunModal.Submission s = RunModal.parseSubmission(payload, ALLOWED);
        assertThat(s).isInstanceOf(RunModal.Submission.Errors.class);
        return ((RunModal.Submission.Errors) s).errors();
    }
}
