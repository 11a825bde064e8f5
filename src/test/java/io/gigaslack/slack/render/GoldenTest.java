package io.gigaslack.slack.render;

import io.gigaslack.runs.AuditEntry;

import static io.gigaslack.slack.render.Fixtures.CTX;
import static io.gigaslack.slack.render.Fixtures.CTX_AUTO_STOP;
import static io.gigaslack.slack.render.Fixtures.CTX_NO_VIEWER;
import static io.gigaslack.slack.render.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gigaslack.runs.Milestone;
import io.gigaslack.slack.command.CommandParser;
import io.gigaslack.slack.command.GigaCommand;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every rendered message, modal and view variant against its golden file (see {@link Golden} for
 * {@code -Dgolden.update=true}); each is also checked against {@link BlockKitLimits}.
 */
class GoldenTest {

    static Map<String, Supplier<JsonNode>> variants() {
        Map<String, Supplier<JsonNode>> v = new LinkedHashMap<>();
        v.put("card_pending", () -> RunCard.render(Fixtures.pending(), CTX));
        v.put("card_provisioning", () -> RunCard.render(Fixtures.provisioning(), CTX));
        v.put("card_running", () -> RunCard.render(Fixtures.running(), CTX));
        v.put("card_running_no_viewer", () -> RunCard.render(Fixtures.running(), CTX_NO_VIEWER));
        v.put("card_running_stop_requested", () -> RunCard.render(Fixtures.stopRequested(), CTX));
        v.put("card_succeeded_computer_still_runs", () -> RunCard.render(Fixtures.succeededStillRunning(), CTX));
        v.put("card_succeeded_computer_still_runs_auto_stop",
                () -> RunCard.render(Fixtures.succeededStillRunning().toBuilder()
                        .autoStopAt(Fixtures.NOW.plus(java.time.Duration.ofMinutes(10))).build(), CTX_AUTO_STOP));
        v.put("card_succeeded_computer_kept_running",
                () -> RunCard.render(Fixtures.succeededStillRunning().toBuilder().keptBy("U222").build(), CTX_AUTO_STOP));
        v.put("notice_computer_still_runs_until_auto_stop", () -> ThreadMessages.computerStillRuns(
                Fixtures.succeededStillRunning().toBuilder()
                        .autoStopAt(Fixtures.NOW.plus(java.time.Duration.ofMinutes(10))).build(), CTX_AUTO_STOP));
        v.put("notice_kept_running", () -> ThreadMessages.keptRunning(Fixtures.succeededStillRunning(), "U222",
                Fixtures.succeededStillRunning().plannedEnd()));
        v.put("card_succeeded_stopped", () -> RunCard.render(Fixtures.succeededStopped(), CTX));
        v.put("card_start_retrying", () -> RunCard.render(Fixtures.startRetrying(), CTX));
        v.put("card_start_retrying_now", () -> RunCard.render(Fixtures.startRetryingNow(), CTX));
        v.put("card_start_last_check", () -> RunCard.render(Fixtures.startLastCheck(), CTX));
        v.put("card_start_failed", () -> RunCard.render(Fixtures.startFailed(), CTX));
        v.put("card_agent_failed", () -> RunCard.render(Fixtures.agentFailed(), CTX));
        v.put("card_stopped_by_user", () -> RunCard.render(Fixtures.stoppedByUser(), CTX));
        v.put("card_desktop_running", () -> RunCard.render(Fixtures.desktopRunning(), CTX));
        v.put("card_running_built_in_viewer", () -> RunCard.render(Fixtures.running(), Fixtures.CTX_BUILT_IN_VIEWER));

        v.put("progress_working", () -> ProgressView.message(Fixtures.running(), Fixtures.progress(false)));
        v.put("progress_finished", () -> ProgressView.message(Fixtures.succeededStopped(), Fixtures.progress(true)));
        v.put("milestone_start_failed", () -> ThreadMessages.milestone(Fixtures.startFailed(), Milestone.START_FAILED, CTX));
        v.put("milestone_desktop_ready", () -> ThreadMessages.milestone(Fixtures.running(), Milestone.DESKTOP_READY, CTX));
        v.put("milestone_desktop_ready_no_viewer",
                () -> ThreadMessages.milestone(Fixtures.running(), Milestone.DESKTOP_READY, CTX_NO_VIEWER));
        v.put("milestone_desktop_ready_built_in_viewer", () -> ThreadMessages.milestone(Fixtures.running(),
                Milestone.DESKTOP_READY, Fixtures.CTX_BUILT_IN_VIEWER));
        v.put("response_desktop_link_control", () -> Responses.desktopLink(Fixtures.running(),
                "https://giga-slack.example/desktop/r_7f3a#v1.token", true, NOW.plus(Duration.ofMinutes(10))));
        v.put("response_desktop_link_view_only", () -> Responses.desktopLink(Fixtures.running(),
                "https://giga-slack.example/desktop/r_7f3a#v1.token", false, NOW.plus(Duration.ofMinutes(10))));
        v.put("milestone_desktop_ready_desktop_run",
                () -> ThreadMessages.milestone(Fixtures.desktopRunning(), Milestone.DESKTOP_READY, CTX));
        v.put("milestone_agent_succeeded",
                () -> ThreadMessages.milestone(Fixtures.succeededStillRunning(), Milestone.AGENT_SUCCEEDED, CTX));
        v.put("milestone_agent_succeeded_no_answer", () -> ThreadMessages.milestone(
                Fixtures.succeededStillRunning().toBuilder().finalAnswer(null).build(), Milestone.AGENT_SUCCEEDED, CTX));
        v.put("milestone_agent_failed", () -> ThreadMessages.milestone(Fixtures.agentFailed(), Milestone.AGENT_FAILED, CTX));
        v.put("milestone_computer_stopped_by_user",
                () -> ThreadMessages.milestone(Fixtures.stoppedByUser(), Milestone.COMPUTER_STOPPED, CTX));
        v.put("milestone_computer_stopped_expired",
                () -> ThreadMessages.milestone(Fixtures.expired(), Milestone.COMPUTER_STOPPED, CTX));

        v.put("notice_extended", () -> ThreadMessages.extended(Fixtures.running(), "U222", NOW.plus(Duration.ofMinutes(70))));
        v.put("notice_stop_requested", () -> ThreadMessages.stopRequested(Fixtures.running(), "U222"));
        v.put("notice_deleted", () -> ThreadMessages.deleted(Fixtures.succeededStopped(), "U222"));
        v.put("notice_follow_up", () -> ThreadMessages.followUpSent(Fixtures.running(), "U111",
                "Also check the annual plans\n<!here> & compare"));
        v.put("notice_files_posted", () -> ThreadMessages.filesPosted(Fixtures.succeededStopped(),
                List.of("pricing.txt", "screenshot `1`.png")));
        v.put("notice_file_too_large", () -> ThreadMessages.fileTooLarge(Fixtures.succeededStopped(), "video.mp4",
                2_500_000_000L, 1_073_741_824L));
        v.put("notice_input_files", () -> ThreadMessages.inputFiles(Fixtures.running(), List.of("sales.csv",
                "report-2.pdf"), List.of(new io.gigaslack.runs.Notice.NotPlaced("Budget 2026", "a Google Drive file:"
                + " Slack holds only a link to it, which the app cannot open. Download it and attach the file itself"),
                new io.gigaslack.runs.Notice.NotPlaced("video <1>.mp4", "it is 80 MB, over the 50 MB limit for files"
                + " given to the agent (GIGA_MAX_INPUT_FILE_MB)"))));
        v.put("notice_expiry_reminder", () -> ThreadMessages.expiryReminder(Fixtures.running(), CTX));
        v.put("notice_computer_still_runs", () -> ThreadMessages.computerStillRuns(Fixtures.succeededStillRunning(), CTX));
        v.put("notice_action_error", () -> ThreadMessages.actionError("Giga did not answer in time. Try again in a minute."));

        v.put("response_help", Responses::help);
        v.put("response_bad_input", () -> Responses.badInput((GigaCommand.Invalid) CommandParser.parse("run --hours 30 x")));
        v.put("response_run_list", () -> Responses.runList(Fixtures.many(5), false, CTX));
        v.put("response_run_list_empty", () -> Responses.runList(List.of(), true, CTX));
        v.put("response_run_list_overflow", () -> Responses.runList(Fixtures.many(40), true, CTX));
        v.put("response_run_status", () -> Responses.runStatus(Fixtures.running(), CTX));
        v.put("response_not_in_channel", Responses::notInChannel);
        v.put("response_not_in_peoples_dm", Responses::notInPeoplesDm);
        v.put("response_permission_refused", () -> Responses.permissionRefused(Fixtures.running(), "stop"));
        v.put("response_limit_refused", () -> Responses.limitRefused("runs at once per person", 3, 3));
        v.put("response_delete_confirmation", () -> Responses.deleteConfirmation(Fixtures.succeededStopped()));
        v.put("response_audit", () -> Responses.audit(List.of(
                new AuditEntry(NOW.minusSeconds(600), "U111", "run", "r_7f3a", "giga-standard, 2 h"),
                new AuditEntry(NOW.minusSeconds(60), "U222", "stop", "r_7f3a", null),
                new AuditEntry(NOW.minusSeconds(30), null, "expire", "r_d001", "time ran out <!channel>"))));

        RunModal.Defaults defaults = new RunModal.Defaults("giga-standard", 1, "The task is complete.");
        v.put("modal_run", () -> RunModal.view(Fixtures.PLATFORMS, defaults, new RunModal.Metadata("C1", null)));
        v.put("modal_run_initial", () -> RunModal.view(Fixtures.PLATFORMS, defaults,
                new RunModal.Metadata("C1", "1700000000.000100"),
                RunModal.Prefill.task("Summarise this thread & post a digest\n<!channel>")));
        v.put("modal_run_in_app_dm_from_peoples_dm", () -> RunModal.viewInAppDm(Fixtures.PLATFORMS, defaults, "U111",
                RunModal.Prefill.task("Compare the two offers & pick one"), RunModal.ToAppDm.FROM_PEOPLES_DM));
        v.put("modal_run_in_app_dm_from_channel_without_app", () -> RunModal.viewInAppDm(Fixtures.PLATFORMS,
                defaults, "U111", RunModal.Prefill.NONE, RunModal.ToAppDm.FROM_CHANNEL_WITHOUT_APP));
        v.put("modal_run_message_files", () -> RunModal.view(Fixtures.PLATFORMS, defaults,
                new RunModal.Metadata("C1", null, List.of(new RunModal.AttachedFile("F0A1", "sales.csv"),
                        new RunModal.AttachedFile("F0A2", "notes `draft`.md"))),
                RunModal.Prefill.task("Compare the two files")));
        v.put("modal_run_errors", () -> ((RunModal.Submission.Errors) RunModal.parseSubmission(
                RunModalTest.submission("", "giga-tiny", "30", "x".repeat(100)), Set.of("giga-standard"))).toResponse());

        v.put("home", () -> HomeView.render("U111", Fixtures.many(3), CTX));
        v.put("home_empty", () -> HomeView.render("U111", List.of(), CTX));
        return v;
    }

    @TestFactory
    Stream<DynamicTest> rendered_output_matches_golden_files() {
        return variants().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            JsonNode node = e.getValue().get();
            // Round-trip through bytes so what is compared is what would be sent.
            JsonNode sent = new ObjectMapper().readTree(new ObjectMapper().writeValueAsBytes(node));
            Golden.check(e.getKey(), sent);
            if (!e.getKey().equals("modal_run_errors")) {
                assertThat(BlockKitLimits.check(sent)).as(e.getKey()).isEmpty();
            }
        }));
    }
}
