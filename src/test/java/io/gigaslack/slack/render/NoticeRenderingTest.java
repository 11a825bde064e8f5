package io.gigaslack.slack.render;

import static io.gigaslack.slack.render.Fixtures.CTX;
import static io.gigaslack.slack.render.Fixtures.CTX_NO_VIEWER;
import static io.gigaslack.slack.render.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gigaslack.runs.ComputerState;
import io.gigaslack.runs.Limits;
import io.gigaslack.runs.Milestone;
import io.gigaslack.runs.Notice;
import io.gigaslack.runs.Notice.OutputFile;
import io.gigaslack.runs.Run;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link ThreadMessages#notice}, the one reader of {@link Notice}: every permitted kind renders within Slack's Block
 * Kit limits (or to nothing, only where that is documented), exactly as the dedicated renderer it stands for, and the
 * golden files of the notices still match through it.
 */
class NoticeRenderingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The configured default (50 MB). */
    private static final long MAX_FILE_BYTES = Limits.DEFAULT_MAX_FILE_MB * Limits.BYTES_PER_MB;

    /**
     * One notice rendered for one run; {@code expected} is what the dedicated renderer gives, or null where the notice
     * renders to nothing.
     */
    record Case(String name, Run run, Notice notice, RenderContext ctx, long maxFileBytes,
            Supplier<ObjectNode> expected) {
        ObjectNode render() {
            return ThreadMessages.notice(run, notice, ctx, maxFileBytes);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** At least one case per permitted kind of notice; the first test fails when a kind has none. */
    static List<Case> table() {
        List<Case> t = new ArrayList<>();
        Run running = Fixtures.running();

        Map<Milestone, List<Run>> milestoneRuns = new LinkedHashMap<>();
        milestoneRuns.put(Milestone.START_FAILED, List.of(Fixtures.startFailed()));
        milestoneRuns.put(Milestone.DESKTOP_READY, List.of(running, Fixtures.desktopRunning(),
                Fixtures.provisioning()));
        milestoneRuns.put(Milestone.AGENT_SUCCEEDED, List.of(Fixtures.succeededStillRunning(),
                Fixtures.succeededStillRunning().toBuilder().finalAnswer("x".repeat(20_000)).build()));
        milestoneRuns.put(Milestone.AGENT_FAILED, List.of(Fixtures.agentFailed()));
        milestoneRuns.put(Milestone.COMPUTER_STOPPED, List.of(Fixtures.stoppedByUser(), Fixtures.expired()));
        assertThat(milestoneRuns.keySet()).as("a run for every milestone").containsExactlyInAnyOrder(
                Milestone.values());
        milestoneRuns.forEach((m, runs) -> {
            for (int i = 0; i < runs.size(); i++) {
                Run r = runs.get(i);
                t.add(new Case("milestone " + m + " #" + i, r, new Notice.MilestoneReached(m), CTX, MAX_FILE_BYTES,
                        () -> ThreadMessages.milestone(r, m, CTX)));
            }
        });
        Run desktop = Fixtures.desktopRunning();
        t.add(new Case("milestone DESKTOP_READY without viewer", running,
                new Notice.MilestoneReached(Milestone.DESKTOP_READY), CTX_NO_VIEWER, MAX_FILE_BYTES,
                () -> ThreadMessages.milestone(running, Milestone.DESKTOP_READY, CTX_NO_VIEWER)));

        var expiry = NOW.plus(Duration.ofMinutes(70));
        t.add(new Case("extended", running, new Notice.Extended("U222", expiry), CTX, MAX_FILE_BYTES,
                () -> ThreadMessages.extended(running, "U222", expiry)));
        t.add(new Case("extended, no new expiry", running, new Notice.Extended("U222", null), CTX, MAX_FILE_BYTES,
                () -> ThreadMessages.extended(running, "U222", null)));

        t.add(new Case("stop requested", running, new Notice.StopRequested("U222"), CTX, MAX_FILE_BYTES,
                () -> ThreadMessages.stopRequested(running, "U222")));

        String followUp = "Also check the annual plans\n<!here> & compare";
        t.add(new Case("follow-up", running, new Notice.FollowUpSent("U111", followUp), CTX, MAX_FILE_BYTES,
                () -> ThreadMessages.followUpSent(running, "U111", followUp)));
        String longFollowUp = "line & <b>\n".repeat(1_000);
        t.add(new Case("follow-up, very long", running, new Notice.FollowUpSent("U111", longFollowUp), CTX,
                MAX_FILE_BYTES, () -> ThreadMessages.followUpSent(running, "U111", longFollowUp)));

        Run stillRuns = Fixtures.succeededStillRunning();
        t.add(new Case("computer still runs", stillRuns, new Notice.ComputerStillRuns(), CTX, MAX_FILE_BYTES,
                () -> ThreadMessages.computerStillRuns(stillRuns, CTX)));
        Run waiting = stillRuns.toBuilder().autoStopAt(NOW.plus(Duration.ofMinutes(10))).build();
        t.add(new Case("computer still runs, stops by itself unless kept", waiting,
                new Notice.ComputerStillRuns(waiting.autoStopAt(), waiting.plannedEnd()), CTX, MAX_FILE_BYTES,
                () -> ThreadMessages.computerStillRuns(waiting, CTX)));
        Run kept = stillRuns.toBuilder().keptBy("U222").build();
        t.add(new Case("computer still runs, kept", kept, new Notice.ComputerStillRuns(null, kept.plannedEnd()), CTX,
                MAX_FILE_BYTES, () -> ThreadMessages.computerStillRuns(kept, CTX)));
        t.add(new Case("kept running", kept, new Notice.KeptRunning("U222", kept.plannedEnd()), CTX, MAX_FILE_BYTES,
                () -> ThreadMessages.keptRunning(kept, "U222", kept.plannedEnd())));
        Run provisioning = Fixtures.provisioning();
        t.add(new Case("computer still runs, provisioning", provisioning, new Notice.ComputerStillRuns(), CTX,
                MAX_FILE_BYTES, () -> ThreadMessages.computerStillRuns(provisioning, CTX)));
        for (ComputerState s : ComputerState.values()) {
            if (!s.isLive()) {
                Run r = stillRuns.toBuilder().computer(s).build();
                t.add(new Case("computer still runs, but " + s, r, new Notice.ComputerStillRuns(), CTX,
                        MAX_FILE_BYTES, null));
            }
        }

        Run done = Fixtures.succeededStopped();
        t.add(new Case("files posted", done, new Notice.FilesPosted(List.of(new OutputFile("pricing.txt", 1_200),
                new OutputFile("screenshot `1`.png", 80_000))), CTX, MAX_FILE_BYTES,
                () -> ThreadMessages.filesPosted(done, List.of("pricing.txt", "screenshot `1`.png"))));
        t.add(new Case("files posted, some too large", done, new Notice.FilesPosted(List.of(
                new OutputFile("a.txt", 10), new OutputFile("big.mp4", 1_001), new OutputFile("b.txt", 1_000),
                new OutputFile("c.txt", 5))), CTX, 1_000,
                () -> ThreadMessages.filesPosted(done, List.of("a.txt", "b.txt", "c.txt"))));
        t.add(new Case("files posted, none fits", done, new Notice.FilesPosted(List.of(
                new OutputFile("big.mp4", 1_001), new OutputFile("bigger.mp4", 5_000))), CTX, 1_000, null));
        t.add(new Case("files posted, no files", done, new Notice.FilesPosted(List.of()), CTX, MAX_FILE_BYTES, null));
        List<OutputFile> many = IntStream.range(0, 30).mapToObj(i -> new OutputFile("out_" + i + ".csv", i)).toList();
        t.add(new Case("files posted, 30 files", done, new Notice.FilesPosted(many), CTX, MAX_FILE_BYTES,
                () -> ThreadMessages.filesPosted(done, many.stream().map(OutputFile::name).toList())));

        t.add(new Case("expiry reminder", running, new Notice.ExpiryReminder(running.expiresAt()), CTX,
                MAX_FILE_BYTES, () -> ThreadMessages.expiryReminder(running, CTX)));
        t.add(new Case("expiry reminder, desktop", desktop, new Notice.ExpiryReminder(desktop.expiresAt()), CTX,
                MAX_FILE_BYTES, () -> ThreadMessages.expiryReminder(desktop, CTX)));
        Run noExpiry = running.toBuilder().expiresAt(null).build();
        t.add(new Case("expiry reminder, expiry unknown", noExpiry, new Notice.ExpiryReminder(null), CTX,
                MAX_FILE_BYTES, () -> ThreadMessages.expiryReminder(noExpiry, CTX)));

        List<Notice.NotPlaced> refused = List.of(new Notice.NotPlaced("Budget 2026", "a Google Drive file"),
                new Notice.NotPlaced("big `cut`.zip", "it is 80 MB, over the 50 MB limit."));
        t.add(new Case("input files placed", running, new Notice.InputFilesPlaced(List.of("sales.csv", "b.pdf"),
                refused), CTX, MAX_FILE_BYTES,
                () -> ThreadMessages.inputFiles(running, List.of("sales.csv", "b.pdf"), refused)));
        t.add(new Case("input files, none placed", running, new Notice.InputFilesPlaced(List.of(), refused), CTX,
                MAX_FILE_BYTES, () -> ThreadMessages.inputFiles(running, List.of(), refused)));
        List<Notice.NotPlaced> longReasons = IntStream.range(0, 12)
                .mapToObj(i -> new Notice.NotPlaced("f" + i + "-" + "n".repeat(300), "r".repeat(2000))).toList();
        t.add(new Case("input files, many long reasons", running, new Notice.InputFilesPlaced(List.of(), longReasons),
                CTX, MAX_FILE_BYTES, () -> ThreadMessages.inputFiles(running, List.of(), longReasons)));
        t.add(new Case("input files, none at all", running, new Notice.InputFilesPlaced(List.of(), List.of()), CTX,
                MAX_FILE_BYTES, null));
        t.add(new Case("deleted", done, new Notice.Deleted("U1"), CTX, MAX_FILE_BYTES,
                () -> ThreadMessages.deleted(done, "U1")));

        for (Notice.Action a : Notice.Action.values()) {
            String text = "Giga did not answer in time (" + a + "). Try again in a minute.";
            t.add(new Case("action failed " + a, running, new Notice.ActionFailed(a, "U111", text), CTX,
                    MAX_FILE_BYTES, () -> ThreadMessages.actionError(text)));
        }
        t.add(new Case("action failed, blank text", running, new Notice.ActionFailed(Notice.Action.GENERAL, "U111",
                " "), CTX, MAX_FILE_BYTES, () -> ThreadMessages.actionError(" ")));
        return t;
    }

    private static List<Class<?>> permittedKinds() {
        Class<?>[] permitted = Notice.class.getPermittedSubclasses();
        assertThat(permitted).as("Notice is sealed").isNotNull().isNotEmpty();
        return Arrays.asList(permitted);
    }

    private static List<Case> casesOf(Class<?> kind) {
        return table().stream().filter(c -> kind.isInstance(c.notice())).toList();
    }

    @Test
    void every_permitted_notice_kind_has_a_case_in_the_table() {
        List<Case> table = table();
        for (Class<?> kind : permittedKinds()) {
            assertThat(table).as("no case in the table renders a %s: add one", kind.getSimpleName())
                    .anyMatch(c -> kind.isInstance(c.notice()));
        }
        assertThat(table).as("every case is of a permitted kind")
                .allMatch(c -> permittedKinds().stream().anyMatch(k -> k.isInstance(c.notice())));
    }

    @TestFactory
    Stream<DynamicNode> every_notice_kind_renders_within_block_kit_limits_or_to_null_only_where_documented() {
        return permittedKinds().stream().map(kind -> {
            List<Case> cases = casesOf(kind);
            assertThat(cases).as("cases for %s", kind.getSimpleName()).isNotEmpty();
            return DynamicContainer.dynamicContainer(kind.getSimpleName(), cases.stream().map(c ->
                    DynamicTest.dynamicTest(c.name(), () -> {
                        ObjectNode message = c.render();
                        if (message == null) {
                            assertThat(nullIsDocumented(c)).as("%s rendered to null", c).isTrue();
                            return;
                        }
                        JsonNode sent = sent(message);
                        assertThat(BlockKitLimits.check(sent)).as(c.name()).isEmpty();
                        assertThat(sent.path("text").asText()).as("fallback text of %s", c).isNotBlank();
                        assertThat(sent.path("blocks").isArray()).as("blocks of %s", c).isTrue();
                    })));
        });
    }

    /**
     * Null is documented for a "still runs" notice once the computer is not live, output files of which none fits, and
     * a message's files when it had none.
     */
    private static boolean nullIsDocumented(Case c) {
        if (c.notice() instanceof Notice.ComputerStillRuns) {
            return !c.run().computer().isLive();
        }
        if (c.notice() instanceof Notice.InputFilesPlaced f) {
            return f.placed().isEmpty() && f.notPlaced().isEmpty();
        }
        if (c.notice() instanceof Notice.FilesPosted f) {
            return f.files().stream().noneMatch(file -> file.size() <= c.maxFileBytes());
        }
        return false;
    }

    @TestFactory
    Stream<DynamicTest> each_notice_renders_exactly_as_its_dedicated_renderer() {
        return table().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            ObjectNode actual = c.render();
            if (c.expected() == null) {
                assertThat(actual).as(c.name()).isNull();
            } else {
                assertThat(actual).as(c.name()).isNotNull().isEqualTo(c.expected().get());
            }
        }));
    }

    @Test
    void extended_equals_the_extended_renderer() {
        Run run = Fixtures.running();
        var t = NOW.plus(Duration.ofMinutes(70));
        assertThat(ThreadMessages.notice(run, new Notice.Extended("U222", t), CTX, MAX_FILE_BYTES))
                .isEqualTo(ThreadMessages.extended(run, "U222", t));
    }

    @Test
    void action_failed_equals_the_action_error_renderer_for_every_action() {
        for (Notice.Action a : Notice.Action.values()) {
            assertThat(ThreadMessages.notice(Fixtures.running(), new Notice.ActionFailed(a, "U9", "It broke & <b>"),
                    CTX, MAX_FILE_BYTES)).as(a.name()).isEqualTo(ThreadMessages.actionError("It broke & <b>"));
        }
    }

    @Test
    void a_deleted_notice_mentions_who_deleted_the_computer() {
        ObjectNode m = ThreadMessages.notice(Fixtures.succeededStopped(), new Notice.Deleted("U1"), CTX, MAX_FILE_BYTES);
        assertThat(m.toString()).contains("<@U1> deleted this computer.").doesNotContain("&lt;@U1");
    }

    @Test
    void milestone_reached_equals_the_milestone_renderer_for_every_milestone() {
        Run run = Fixtures.succeededStillRunning();
        for (Milestone m : Milestone.values()) {
            assertThat(ThreadMessages.notice(run, new Notice.MilestoneReached(m), CTX, MAX_FILE_BYTES)).as(m.name())
                    .isEqualTo(ThreadMessages.milestone(run, m, CTX));
        }
    }

    @Test
    void files_posted_names_only_the_files_within_the_limit_in_order() {
        Run run = Fixtures.succeededStopped();
        Notice.FilesPosted files = new Notice.FilesPosted(List.of(new OutputFile("first.txt", 999),
                new OutputFile("huge.bin", 1_001), new OutputFile("exactly.txt", 1_000),
                new OutputFile("also-huge.bin", Long.MAX_VALUE), new OutputFile("last.txt", 0)));

        ObjectNode message = ThreadMessages.notice(run, files, CTX, 1_000);

        assertThat(message).isEqualTo(ThreadMessages.filesPosted(run, List.of("first.txt", "exactly.txt",
                "last.txt")));
        String text = message.path("text").asText();
        assertThat(text).contains("3 output files").doesNotContain("huge");
        assertThat(text.indexOf("first.txt")).isLessThan(text.indexOf("exactly.txt"));
        assertThat(text.indexOf("exactly.txt")).isLessThan(text.indexOf("last.txt"));
    }

    @Test
    void files_posted_names_a_file_of_unknown_size() {
        // Size -1: Giga did not say; the file was tried (the download itself is capped), as before the notice type.
        Run run = Fixtures.succeededStopped();
        assertThat(ThreadMessages.notice(run, new Notice.FilesPosted(List.of(new OutputFile("unknown.txt", -1))),
                CTX, 1_000)).isEqualTo(ThreadMessages.filesPosted(run, List.of("unknown.txt")));
    }

    @Test
    void files_posted_is_null_when_no_file_fits() {
        Run run = Fixtures.succeededStopped();
        assertThat(ThreadMessages.notice(run, new Notice.FilesPosted(List.of(new OutputFile("big.mp4", 1_001))), CTX,
                1_000)).isNull();
        assertThat(ThreadMessages.notice(run, new Notice.FilesPosted(List.of()), CTX, 1_000)).isNull();
    }

    @Test
    void computer_still_runs_is_null_once_the_computer_is_not_live() {
        Run live = Fixtures.succeededStillRunning();
        assertThat(ThreadMessages.notice(live, new Notice.ComputerStillRuns(), CTX, MAX_FILE_BYTES))
                .isEqualTo(ThreadMessages.computerStillRuns(live, CTX));
        for (ComputerState s : ComputerState.values()) {
            Run r = live.toBuilder().computer(s).build();
            ObjectNode message = ThreadMessages.notice(r, new Notice.ComputerStillRuns(), CTX, MAX_FILE_BYTES);
            if (s.isLive()) {
                assertThat(message).as(s.name()).isEqualTo(ThreadMessages.computerStillRuns(r, CTX));
            } else {
                assertThat(message).as(s.name()).isNull();
            }
        }
    }

    /** The notice goldens, with the inputs {@link GoldenTest} gives their dedicated renderers, through the new entry. */
    static Map<String, Supplier<JsonNode>> noticeGoldens() {
        Map<String, Supplier<JsonNode>> v = new LinkedHashMap<>();
        v.put("notice_extended", () -> ThreadMessages.notice(Fixtures.running(),
                new Notice.Extended("U222", NOW.plus(Duration.ofMinutes(70))), CTX, MAX_FILE_BYTES));
        v.put("notice_stop_requested", () -> ThreadMessages.notice(Fixtures.running(),
                new Notice.StopRequested("U222"), CTX, MAX_FILE_BYTES));
        v.put("notice_follow_up", () -> ThreadMessages.notice(Fixtures.running(),
                new Notice.FollowUpSent("U111", "Also check the annual plans\n<!here> & compare"), CTX,
                MAX_FILE_BYTES));
        v.put("notice_files_posted", () -> ThreadMessages.notice(Fixtures.succeededStopped(),
                new Notice.FilesPosted(List.of(new OutputFile("pricing.txt", 1_200),
                        new OutputFile("screenshot `1`.png", 80_000))), CTX, MAX_FILE_BYTES));
        v.put("notice_expiry_reminder", () -> ThreadMessages.notice(Fixtures.running(),
                new Notice.ExpiryReminder(Fixtures.running().expiresAt()), CTX, MAX_FILE_BYTES));
        v.put("notice_computer_still_runs", () -> ThreadMessages.notice(Fixtures.succeededStillRunning(),
                new Notice.ComputerStillRuns(), CTX, MAX_FILE_BYTES));
        v.put("notice_action_error", () -> ThreadMessages.notice(Fixtures.running(),
                new Notice.ActionFailed(Notice.Action.GENERAL, "U111",
                        "Giga did not answer in time. Try again in a minute."), CTX, MAX_FILE_BYTES));

        v.put("milestone_start_failed", () -> milestone(Fixtures.startFailed(), Milestone.START_FAILED, CTX));
        v.put("milestone_desktop_ready", () -> milestone(Fixtures.running(), Milestone.DESKTOP_READY, CTX));
        v.put("milestone_desktop_ready_no_viewer",
                () -> milestone(Fixtures.running(), Milestone.DESKTOP_READY, CTX_NO_VIEWER));
        v.put("milestone_desktop_ready_desktop_run",
                () -> milestone(Fixtures.desktopRunning(), Milestone.DESKTOP_READY, CTX));
        v.put("milestone_agent_succeeded",
                () -> milestone(Fixtures.succeededStillRunning(), Milestone.AGENT_SUCCEEDED, CTX));
        v.put("milestone_agent_succeeded_no_answer", () -> milestone(
                Fixtures.succeededStillRunning().toBuilder().finalAnswer(null).build(), Milestone.AGENT_SUCCEEDED, CTX));
        v.put("milestone_agent_failed", () -> milestone(Fixtures.agentFailed(), Milestone.AGENT_FAILED, CTX));
        v.put("milestone_computer_stopped_by_user",
                () -> milestone(Fixtures.stoppedByUser(), Milestone.COMPUTER_STOPPED, CTX));
        v.put("milestone_computer_stopped_expired",
                () -> milestone(Fixtures.expired(), Milestone.COMPUTER_STOPPED, CTX));
        return v;
    }

    private static JsonNode milestone(Run run, Milestone m, RenderContext ctx) {
        return ThreadMessages.notice(run, new Notice.MilestoneReached(m), ctx, MAX_FILE_BYTES);
    }

    @TestFactory
    Stream<DynamicTest> notice_golden_files_still_match_through_the_notice_entry_point() {
        return noticeGoldens().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            JsonNode node = e.getValue().get();
            assertThat(node).as(e.getKey()).isNotNull();
            JsonNode sent = sent(node);
            Golden.check(e.getKey(), sent);
            assertThat(BlockKitLimits.check(sent)).as(e.getKey()).isEmpty();
        }));
    }

    /** Round-trip through bytes so what is checked is what would be sent. */
    private static JsonNode sent(JsonNode node) throws java.io.IOException {
        return JSON.readTree(JSON.writeValueAsBytes(node));
    }
}
