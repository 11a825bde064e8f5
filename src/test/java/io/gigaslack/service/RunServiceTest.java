package io.gigaslack.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.gigaslack.runs.AccessRules;
import io.gigaslack.runs.AccessRules.Control;
import io.gigaslack.runs.AuditEntry;
import io.gigaslack.runs.ComputerState;
import io.gigaslack.runs.Decision;
import io.gigaslack.runs.Decision.Reason;
import io.gigaslack.runs.Limits;
import io.gigaslack.runs.Notice;
import io.gigaslack.runs.Platform;
import io.gigaslack.runs.Run;
import io.gigaslack.runs.RunKind;
import io.gigaslack.runs.RunParams;
import io.gigaslack.runs.RunStatus;
import io.gigaslack.service.RunService.Outcome;
import io.gigaslack.service.RunService.StartRequest;
import io.gigaslack.service.RunService.Started;
import io.gigaslack.store.AuditLog;
import io.gigaslack.store.Database;
import io.gigaslack.store.JobQueue;
import io.gigaslack.store.RunRepository;
import io.gigaslack.testing.SettableClock;
import io.gigaslack.testing.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RunService} over real parts (a migrated H2, the repository, the job queue, the updater, the audit log): what
 * each rule refuses, with its reason and words, and what is recorded when it allows.
 */
class RunServiceTest {
    static final String TEAM = "T1";
    static final String CHANNEL = "C1";
    static final String REQUESTER = "U1";
    static final String STRANGER = "U9";
    static final String WORKSPACE_ADMIN = "UWA";
    static final String CONFIGURED_ADMIN = "UCA";
    static final String PROMPT = "Book a table for two";

    static final Map<String, Platform> PLATFORMS = platforms();
    static final Limits LIMITS = new Limits(8, 2, 3, 4, 100, 50 * Limits.BYTES_PER_MB, PLATFORMS.keySet());
    static final RunSettings SETTINGS = new RunSettings(PLATFORMS, "giga-standard", 4, "The table is booked",
            "Answer briefly", null, null);
    static final AccessRules OPEN = AccessRules.open();
    static final AccessRules WITH_ADMIN = rules(Set.of(), Set.of(), Set.of(), Set.of(), Set.of(CONFIGURED_ADMIN));

    SettableClock clock;
    static Database db;
    RunRepository runs;
    JobQueue queue;
    JobWriter jobs;
    RunUpdater updater;
    AuditLog audit;
    FakeDirectory directory;
    AtomicInteger nudges;
    Random random;

    @BeforeAll
    static void openDatabase() {
        db = TestDatabases.h2();
    }

    @AfterAll
    static void closeDatabase() {
        db.close();
    }

    @BeforeEach
    void setUp() {
        TestDatabases.clean(db);
        clock = new SettableClock();
        runs = new RunRepository(db.jdbc());
        queue = new JobQueue(db.jdbc());
        jobs = new JobWriter(queue, clock);
        updater = new RunUpdater(db.jdbc(), runs, jobs, clock, null, () -> {});
        audit = new AuditLog(db.jdbc());
        directory = new FakeDirectory();
        directory.admins.add(WORKSPACE_ADMIN);
        nudges = new AtomicInteger();
        random = new Random(7); // shared by every service of a test, so their run ids differ
    }

    // ---- starting: refusals ----

    @Test
    void start_is_refused_in_a_channel_not_allowed() {
        AccessRules rules = rules(List.of("COK"), Set.of(), Set.of(), Set.of(), Set.of());

        Started s = service(rules).start(agent(REQUESTER));

        assertRefused(s.refusal(), Reason.CHANNEL_NOT_ALLOWED,
                "Giga runs can only be started in <#COK> (GIGA_ALLOWED_CHANNELS). Start it there.");
        assertThat(s.refusal()).isEqualTo(rules.mayStart(CHANNEL, REQUESTER, Set.of()));
        assertThat(s.run()).isNull();
        assertNothingRecorded();
    }

    @Test
    void start_is_refused_in_a_denied_channel() {
        AccessRules rules = rules(Set.of(), Set.of(CHANNEL), Set.of(), Set.of(), Set.of());

        Started s = service(rules).start(agent(REQUESTER));

        assertRefused(s.refusal(), Reason.CHANNEL_DENIED,
                "Giga runs can't be started in this channel (GIGA_DENIED_CHANNELS). Start it in another channel.");
        assertThat(s.refusal()).isEqualTo(rules.mayStart(CHANNEL, REQUESTER, Set.of()));
        assertNothingRecorded();
    }

    @Test
    void start_is_refused_for_a_user_not_allowed() {
        AccessRules rules = rules(Set.of(), Set.of(), Set.of("UOK"), Set.of(), Set.of());

        Started s = service(rules).start(agent(STRANGER));

        assertRefused(s.refusal(), Reason.USER_NOT_ALLOWED,
                "Only <@UOK> can start Giga runs (GIGA_ALLOWED_USERS). Ask one of them to start it for you.");
        assertThat(s.refusal()).isEqualTo(rules.mayStart(CHANNEL, STRANGER, Set.of()));
        assertNothingRecorded();
        assertThat(directory.groupLookups).as("no user groups configured: Slack is not asked").isEmpty();
    }

    @Test
    void start_is_allowed_for_a_member_of_an_allowed_user_group() {
        AccessRules rules = rules(Set.of(), Set.of(), Set.of(), List.of("SOK", "SOTHER"), Set.of());
        directory.groups.put(REQUESTER, Set.of("SOK", "SUNRELATED"));

        Started s = service(rules).start(agent(REQUESTER));

        assertThat(s.refused()).isFalse();
        assertThat(runs.findById(s.run().id())).contains(s.run());
        assertThat(directory.groupLookups).containsExactly(REQUESTER);
        assertThat(directory.groupCandidates).containsExactly(Set.of("SOK", "SOTHER"));
    }

    @Test
    void start_is_refused_for_someone_outside_the_allowed_user_groups() {
        AccessRules rules = rules(Set.of(), Set.of(), Set.of(), Set.of("SOK"), Set.of());
        directory.groups.put(STRANGER, Set.of("SUNRELATED"));

        Started s = service(rules).start(agent(STRANGER));

        assertRefused(s.refusal(), Reason.USER_NOT_ALLOWED, "Only members of <!subteam^SOK> can start Giga runs"
                + " (GIGA_ALLOWED_USERGROUPS). Ask one of them to start it for you.");
        assertThat(s.refusal()).isEqualTo(rules.mayStart(CHANNEL, STRANGER, Set.of()));
        assertThat(directory.groupLookups).containsExactly(STRANGER);
        assertNothingRecorded();
    }

    @Test
    void the_directory_is_asked_for_groups_only_when_the_rules_need_them() {
        service(OPEN).start(agent(REQUESTER));
        assertThat(directory.groupLookups).as("open rules").isEmpty();

        AccessRules groupsAndUsers = rules(Set.of(), Set.of(), Set.of("UNAMED"), Set.of("SOK"), Set.of(CONFIGURED_ADMIN));
        RunService s = service(groupsAndUsers);
        assertThat(s.start(agent("UNAMED")).refused()).isFalse();
        assertThat(s.start(agent(CONFIGURED_ADMIN)).refused()).isFalse();
        assertThat(directory.groupLookups).as("listed users and configured admins need no group lookup").isEmpty();

        s.start(agent(STRANGER));
        assertThat(directory.groupLookups).containsExactly(STRANGER);
    }

    @Test
    void start_is_refused_for_more_hours_than_the_maximum() {
        Started s = service(OPEN).start(request(REQUESTER, RunKind.AGENT, null, 9));

        assertRefused(s.refusal(), Reason.MAX_HOURS, "You asked for 9 hours, more than the 8 hours a run may last"
                + " (GIGA_MAX_HOURS). Ask for 8 hours or fewer.");
        assertThat(s.refusal()).isEqualTo(LIMITS.checkStart(
                new RunParams("giga-standard", 9, PROMPT, "The table is booked", "Answer briefly", null),
                new Limits.Usage(0, 0, 0)));
        assertNothingRecorded();
    }

    @Test
    void start_is_refused_for_zero_hours() {
        Started s = service(OPEN).start(request(REQUESTER, RunKind.AGENT, null, 0));

        assertRefused(s.refusal(), Reason.MAX_HOURS,
                "You asked for 0 hours; a run lasts from 1 to 8 hours (GIGA_MAX_HOURS).");
        assertNothingRecorded();
    }

    @Test
    void start_is_refused_for_a_platform_not_allowed() {
        Started s = service(OPEN).start(request(REQUESTER, RunKind.AGENT, "giga-huge", null));

        assertRefused(s.refusal(), Reason.PLATFORM_NOT_ALLOWED, "giga-huge is not a platform this app may use."
                + " Choose giga-standard or giga-large (GIGA_PLATFORMS).");
        assertNothingRecorded();
    }

    @Test
    void start_is_refused_for_a_prompt_too_long() {
        String prompt = "x".repeat(101);

        Started s = service(OPEN).start(StartRequest.agent(TEAM, CHANNEL, REQUESTER, prompt));

        assertRefused(s.refusal(), Reason.PROMPT_TOO_LONG, "Your task is 101 characters long, more than the 100 this"
                + " app accepts (GIGA_MAX_PROMPT_CHARS). Shorten it and try again.");
        assertNothingRecorded();
        assertThat(service(OPEN).start(StartRequest.agent(TEAM, CHANNEL, REQUESTER, "x".repeat(100))).refused())
                .as("exactly the limit is fine").isFalse();
    }

    @Test
    void start_is_refused_when_the_user_already_has_the_most_runs_going() {
        RunService s = service(OPEN);
        start(s, REQUESTER);
        start(s, REQUESTER);
        Counts before = counts();

        Started third = s.start(agent(REQUESTER));

        assertRefused(third.refusal(), Reason.CONCURRENT_PER_USER, "You already have 2 runs going, the most one person"
                + " may have at once (GIGA_MAX_CONCURRENT_PER_USER). Stop one with `/giga list`, or wait for one to"
                + " finish. They are “Book a table for two” (starting) and “Book a table for two” (starting).");
        assertThat(third.refusal().text()).startsWith(LIMITS.checkStart(defaultParams(), new Limits.Usage(2, 2, 2))
                .text());
        assertThat(counts()).isEqualTo(before);
        assertThat(start(s, "U2")).as("someone else may still start").isNotNull();
    }

    @Test
    void a_run_that_ended_no_longer_counts_as_going() {
        RunService s = service(OPEN);
        Run first = start(s, REQUESTER);
        start(s, REQUESTER);
        change(first, b -> b.status(RunStatus.FAILED).computer(ComputerState.NONE));

        assertThat(s.start(agent(REQUESTER)).refused()).isFalse();
    }

    @Test
    void a_finished_agents_computer_waiting_for_its_automatic_stop_holds_no_slot_but_a_kept_one_does() {
        RunService s = service(OPEN);
        Run first = start(s, REQUESTER);
        start(s, REQUESTER);
        Run waiting = change(first, b -> b.status(RunStatus.SUCCEEDED).computer(ComputerState.RUNNING)
                .autoStopAt(clock.instant().plusSeconds(600)));

        Run third = start(s, REQUESTER);
        assertThat(third).as("the waiting computer leaves its slot free").isNotNull();

        change(third, b -> b.status(RunStatus.FAILED).computer(ComputerState.NONE));
        assertThat(s.keepRunning(waiting, REQUESTER).outcome()).isEqualTo(RunService.Outcome.DONE);
        Run kept = runs.findById(waiting.id()).orElseThrow();
        assertThat(kept.autoStopAt()).isNull();
        assertThat(kept.keptBy()).isEqualTo(REQUESTER);
        Started refused = s.start(agent(REQUESTER));
        assertThat(refused.refusal().text()).contains("(kept running by <@U1>)");
    }

    @Test
    void keeping_a_computer_or_sending_it_a_follow_up_over_the_daily_credit_budget_is_refused() {
        // giga-standard at 60 an hour, 4 hours by default: a start holds 240; the cap leaves room for one and a waiting computer.
        RunService s = new RunService(new RunService.Parts(db.jdbc(), runs, jobs, updater, audit, directory, clock,
                random, nudges::incrementAndGet), SETTINGS, OPEN, LIMITS, DesktopSettings.OFF, null,
                new io.gigaslack.runs.CreditBudget(300, 0));
        Run first = start(s, REQUESTER);
        Run waiting = change(first, b -> b.status(RunStatus.SUCCEEDED).computer(ComputerState.RUNNING)
                .readyAt(clock.instant()).autoStopAt(clock.instant().plusSeconds(600)));
        assertThat(start(s, REQUESTER)).as("the waiting computer holds 10 minutes' worth, 10 credits").isNotNull();

        RunService.Answer keep = s.keepRunning(waiting, REQUESTER);
        assertThat(keep.refused()).isTrue();
        assertThat(keep.refusal().reason()).isEqualTo(Reason.CREDITS_PER_USER_PER_DAY);
        assertThat(keep.refusal().text()).startsWith("Keeping the computer running would hold 230 more credits"
                + " (3 h 50 min at 60 credits an hour), and you have 250 in use");
        RunService.Answer followUp = s.followUp(waiting, REQUESTER, "One more thing");
        assertThat(followUp.refusal().text()).startsWith("The message was not sent: the agent would need its computer"
                + " kept running for it. Keeping the computer running would hold 230 more credits");
        assertThat(runs.findById(waiting.id()).orElseThrow().autoStopAt()).as("still stops by itself").isNotNull();
    }

    @Test
    void keeping_a_computer_over_the_persons_limit_is_refused_and_names_the_runs() {
        RunService s = service(OPEN);
        Run first = start(s, REQUESTER);
        Run waiting = change(first, b -> b.status(RunStatus.SUCCEEDED).computer(ComputerState.RUNNING)
                .autoStopAt(clock.instant().plusSeconds(600)));
        start(s, REQUESTER);
        start(s, REQUESTER);

        RunService.Answer a = s.keepRunning(waiting, REQUESTER);

        assertRefused(a.refusal(), Reason.CONCURRENT_PER_USER, "You already have 2 runs going, the most one person"
                + " may have at once (GIGA_MAX_CONCURRENT_PER_USER), so this computer cannot be kept as well. They"
                + " are “Book a table for two” (starting) and “Book a table for two” (starting).");
        assertThat(runs.findById(waiting.id()).orElseThrow().autoStopAt()).as("still stops by itself").isNotNull();
    }

    @Test
    void start_is_refused_when_the_workspace_has_the_most_runs_going() {
        RunService s = service(OPEN);
        start(s, REQUESTER);
        start(s, REQUESTER);
        start(s, "U2");
        Counts before = counts();

        Started fourth = s.start(agent("U3"));

        assertRefused(fourth.refusal(), Reason.CONCURRENT_PER_WORKSPACE, "This workspace already has 3 runs going,"
                + " the most it may have at once (GIGA_MAX_CONCURRENT_PER_WORKSPACE). Try again when one of them has"
                + " finished. They are “Book a table for two” of <@U1> (starting), “Book a table for two” of <@U1>"
                + " (starting) and “Book a table for two” of <@U2> (starting).");
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void starts_arriving_at_once_never_pass_a_limit_together() throws Exception {
        // They are committed together (group commit): each counts the runs of the earlier starts in its batch.
        RunService s = service(OPEN);
        assertThat(startAtOnce(s, 12, i -> REQUESTER)).as("the person's limit, 2").isEqualTo(2);
        TestDatabases.clean(db);
        assertThat(startAtOnce(s, 12, i -> "U" + (10 + i))).as("the workspace's limit, 3").isEqualTo(3);
        assertThat(runs.countActiveByTeam(TEAM)).isEqualTo(3);
    }

    /** {@code n} starts released at the same instant from their own threads; how many were allowed. */
    private int startAtOnce(RunService s, int n, java.util.function.IntFunction<String> user) throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Started>> all = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String u = user.apply(i);
                all.add(pool.submit(() -> {
                    go.await();
                    return s.start(agent(u));
                }));
            }
            go.countDown();
            int allowed = 0;
            for (java.util.concurrent.Future<Started> f : all) {
                allowed += f.get(30, java.util.concurrent.TimeUnit.SECONDS).refused() ? 0 : 1;
            }
            return allowed;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_workspace_over_its_limit_is_told_how_many_runs_it_really_has() {
        // More active runs than the limit (e.g. the limit was lowered): the count is exact, not capped at limit + 1.
        for (int i = 0; i < 5; i++) {
            runs.insert(Run.requested("r_old" + i, TEAM, CHANNEL, "UOLD" + i, RunKind.AGENT,
                    new RunParams("giga-standard", 1, "old", "", "", ""), "gs-old" + i, null, clock.instant()));
        }
        runs.insert(Run.requested("r_other", "T2", CHANNEL, "U3", RunKind.AGENT,
                new RunParams("giga-standard", 1, "other team", "", "", ""), "gs-other", null, clock.instant()));

        Started s = service(OPEN).start(agent("U3"));

        assertRefused(s.refusal(), Reason.CONCURRENT_PER_WORKSPACE, "This workspace already has 5 runs going, more"
                + " than the 3 it may have at once (GIGA_MAX_CONCURRENT_PER_WORKSPACE). Try again when one of them has"
                + " finished. They are “old” of <@UOLD4> (starting), “old” of <@UOLD3> (starting), “old” of <@UOLD2>"
                + " (starting), “old” of <@UOLD1> (starting) and “old” of <@UOLD0> (starting).");
    }

    @Test
    void a_workspace_over_its_limit_is_not_told_of_computers_waiting_for_their_automatic_stop() {
        for (int i = 0; i < 5; i++) {
            runs.insert(Run.requested("r_old" + i, TEAM, CHANNEL, "UOLD" + i, RunKind.AGENT,
                    new RunParams("giga-standard", 1, "old", "", "", ""), "gs-old" + i, null, clock.instant()));
        }
        Run waiting = runs.findById("r_old0").orElseThrow();
        change(waiting, b -> b.status(RunStatus.SUCCEEDED).computer(ComputerState.RUNNING)
                .autoStopAt(clock.instant().plusSeconds(600)));

        Started s = service(OPEN).start(agent("U3"));

        assertThat(s.refusal().text()).startsWith("This workspace already has 4 runs going, more than the 3");
    }

    @Test
    void another_workspaces_runs_do_not_count() {
        RunService s = service(OPEN);
        start(s, REQUESTER);
        start(s, REQUESTER);
        start(s, "U2");

        Started other = s.start(new StartRequest("T2", CHANNEL, REQUESTER, RunKind.AGENT, PROMPT, null, null, null,
                null, null, null));

        assertThat(other.refused()).isFalse();
        assertThat(other.run().teamId()).isEqualTo("T2");
    }

    @Test
    void start_is_refused_when_the_user_started_the_most_runs_in_a_day() {
        RunService s = service(OPEN);
        for (int i = 0; i < 4; i++) {
            Run r = start(s, REQUESTER);
            change(r, b -> b.status(RunStatus.SUCCEEDED).computer(ComputerState.STOPPED));
            clock.advance(Duration.ofHours(1));
        }
        Counts before = counts();

        Started fifth = s.start(agent(REQUESTER));

        assertRefused(fifth.refusal(), Reason.RUNS_PER_DAY, "You have started 4 runs in the last 24 hours, the most one"
                + " person may start in a day (GIGA_MAX_RUNS_PER_USER_PER_DAY). Try again later: each run counts for"
                + " 24 hours after it started.");
        assertThat(counts()).isEqualTo(before);

        // The first run was created at the default start: it counts for exactly 24 hours.
        clock.set(SettableClock.DEFAULT_START.plus(Duration.ofHours(24)));
        assertThat(s.start(agent(REQUESTER)).refusal()).extracting(Decision::reason).isEqualTo(Reason.RUNS_PER_DAY);
        clock.set(SettableClock.DEFAULT_START.plus(Duration.ofHours(24)).plusMillis(1));
        assertThat(s.start(agent(REQUESTER)).refused()).isFalse();
    }

    // ---- starting: what is recorded ----

    @Test
    void an_allowed_start_records_the_run_its_card_and_an_audit_line() {
        Started s = service(OPEN).start(new StartRequest(TEAM, CHANNEL, REQUESTER, RunKind.AGENT, PROMPT, null, null,
                null, null, null, "https://hooks.slack.com/commands/T1/1/abc"));

        Run run = s.run();
        assertThat(s.refused()).isFalse();
        assertThat(s.refusal()).isNull();
        assertThat(run.id()).startsWith("r_").hasSize(14);
        assertThat(run.nameTag()).startsWith("gs-").hasSize(15);
        assertThat(run.status()).isEqualTo(RunStatus.PENDING);
        assertThat(run.computer()).isEqualTo(ComputerState.NONE);
        assertThat(run.createdAt()).isEqualTo(clock.instant());
        assertThat(runs.findById(run.id())).contains(run);
        assertThat(storedJobs()).containsExactly(new StoredJob("slack", run.id(), "card",
                "{\"responseUrl\":\"https://hooks.slack.com/commands/T1/1/abc\"}"));
        assertThat(queue.depth(JobQueue.GIGA)).as("the computer starts once the card exists").isZero();
        assertThat(audit.recent(TEAM, 10)).extracting(AuditEntry::userId, AuditEntry::action, AuditEntry::runId,
                AuditEntry::detail, AuditEntry::at)
                .containsExactly(tuple(REQUESTER, "start", run.id(), "giga-standard, 4 h", clock.instant()));
        assertThat(nudges).hasValue(1);
    }

    @Test
    void a_refused_start_does_not_wake_the_workers() {
        service(rules(Set.of(), Set.of(CHANNEL), Set.of(), Set.of(), Set.of())).start(agent(REQUESTER));
        assertThat(nudges).hasValue(0);
    }

    @Test
    void start_fills_in_the_defaults() {
        Run run = service(OPEN).start(agent(REQUESTER)).run();

        assertThat(run.kind()).isEqualTo(RunKind.AGENT);
        assertThat(run.params()).isEqualTo(
                new RunParams("giga-standard", 4, PROMPT, "The table is booked", "Answer briefly", ""));
        assertThat(runs.findById(run.id()).orElseThrow().params()).isEqualTo(run.params());
        assertThat(storedJobs()).containsExactly(new StoredJob("slack", run.id(), "card", "{}"));
    }

    @Test
    void the_default_hours_are_capped_by_the_maximum() {
        RunSettings longDefault = new RunSettings(PLATFORMS, "giga-standard", 12, "g", "s", null, null);

        Started s = service(OPEN, LIMITS, longDefault).start(agent(REQUESTER));

        assertThat(s.refusal()).as("the default fits the maximum").isNull();
        assertThat(s.run().params().hours()).isEqualTo(8);
        assertThat(audit.recent(TEAM, 1).get(0).detail()).isEqualTo("giga-standard, 8 h");
    }

    @Test
    void a_blank_goal_takes_the_default_but_an_empty_system_prompt_is_kept() {
        Run run = service(OPEN).start(new StartRequest(TEAM, CHANNEL, REQUESTER, RunKind.AGENT, PROMPT, null, null,
                "   ", "", null, null)).run();

        assertThat(run.params().goal()).isEqualTo("The table is booked");
        assertThat(run.params().systemPrompt()).isEmpty();
    }

    @Test
    void what_was_asked_for_is_kept() {
        Run run = service(OPEN).start(new StartRequest(TEAM, CHANNEL, REQUESTER, RunKind.AGENT, PROMPT, "giga-large",
                2, "A confirmation email", "Use the phone", "Dinner", null)).run();

        assertThat(run.params()).isEqualTo(
                new RunParams("giga-large", 2, PROMPT, "A confirmation email", "Use the phone", "Dinner"));
        assertThat(audit.recent(TEAM, 1).get(0).detail()).isEqualTo("giga-large, 2 h");
    }

    @Test
    void a_desktop_run_gets_an_empty_goal_and_system_prompt() {
        Run run = service(OPEN).start(new StartRequest(TEAM, CHANNEL, REQUESTER, RunKind.DESKTOP, null, null, null,
                "ignored goal", "ignored instructions", null, null)).run();

        assertThat(run.kind()).isEqualTo(RunKind.DESKTOP);
        assertThat(run.params()).isEqualTo(new RunParams("giga-standard", 4, "", "", "", ""));
        assertThat(audit.recent(TEAM, 1)).extracting(AuditEntry::action).containsExactly("start_desktop");
        assertThat(storedJobs()).extracting(StoredJob::kind).containsExactly("card");
    }

    // ---- stop ----

    @Test
    void the_requester_stops_the_run() {
        RunService s = service(OPEN);
        Run run = start(s, REQUESTER);
        settle();
        nudges.set(0);

        RunService.Answer a = s.stop(run, REQUESTER);

        assertThat(a.outcome()).isEqualTo(Outcome.DONE);
        assertThat(a.refusal()).isNull();
        assertThat(runs.findById(run.id()).orElseThrow().stoppedBy()).as("StopRequested recorded").isEqualTo(REQUESTER);
        assertThat(pendingJobs(run.id())).containsExactly(RunJob.PostCard.EDIT,
                new RunJob.PostNotice(new Notice.StopRequested(REQUESTER)), new RunJob.Stop(REQUESTER));
        assertThat(storedJobs()).extracting(StoredJob::queue, StoredJob::kind, StoredJob::payload).containsExactly(
                tuple("slack", "card", "{}"),
                tuple("slack", "thread", "{\"notice\":\"stop_requested\",\"by\":\"U1\"}"),
                tuple("giga", "stop", "{\"by\":\"U1\"}"));
        assertThat(audit.recent(TEAM, 1)).extracting(AuditEntry::userId, AuditEntry::action, AuditEntry::runId)
                .containsExactly(tuple(REQUESTER, "stop", run.id()));
        assertThat(nudges).hasValue(1);
    }

    @Test
    void a_stranger_may_not_stop_the_run() {
        RunService s = service(OPEN);
        Run run = start(s, REQUESTER);
        Counts before = counts();

        RunService.Answer a = s.stop(run, STRANGER);

        assertThat(a.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(a.refused()).isTrue();
        assertRefused(a.refusal(), Reason.NOT_OWNER,
                "Only <@U1> and the workspace's admins and owners can stop this run.");
        assertThat(a.refusal()).isEqualTo(OPEN.mayControl(run, STRANGER, false, Control.STOP));
        assertThat(counts()).isEqualTo(before);
        assertThat(queue.depth(JobQueue.GIGA)).isZero();
        assertThat(runs.findById(run.id()).orElseThrow().stoppedBy()).isNull();
        assertThat(directory.adminLookups).containsExactly(STRANGER);
    }

    @Test
    void a_stranger_is_told_about_the_app_admins_when_there_are_some() {
        RunService s = service(WITH_ADMIN);
        Run run = start(s, REQUESTER);

        assertRefused(s.stop(run, STRANGER).refusal(), Reason.NOT_OWNER,
                "Only <@U1>, workspace admins and owners, and the app's admins can stop this run.");
    }

    @Test
    void a_workspace_admin_stops_someone_elses_run() {
        RunService s = service(OPEN);
        Run run = start(s, REQUESTER);
        settle();

        assertThat(s.stop(run, WORKSPACE_ADMIN).outcome()).isEqualTo(Outcome.DONE);

        assertThat(directory.adminLookups).containsExactly(WORKSPACE_ADMIN);
        assertThat(pendingJobs(run.id())).contains(new RunJob.Stop(WORKSPACE_ADMIN),
                new RunJob.PostNotice(new Notice.StopRequested(WORKSPACE_ADMIN)));
        assertThat(runs.findById(run.id()).orElseThrow().stoppedBy()).isEqualTo(WORKSPACE_ADMIN);
    }

    @Test
    void a_configured_admin_stops_someone_elses_run_without_asking_slack() {
        RunService s = service(WITH_ADMIN);
        Run run = start(s, REQUESTER);
        settle();

        assertThat(s.stop(run, CONFIGURED_ADMIN).outcome()).isEqualTo(Outcome.DONE);

        assertThat(directory.adminLookups).isEmpty();
        assertThat(pendingJobs(run.id())).contains(new RunJob.Stop(CONFIGURED_ADMIN));
    }

    @Test
    void stopping_a_run_whose_start_failed_is_not_running() {
        RunService s = service(OPEN);
        Run run = change(start(s, REQUESTER), b -> b.status(RunStatus.FAILED).failureReason("Giga refused the start"));
        settle();
        Counts before = counts();

        RunService.Answer a = s.stop(run, REQUESTER);

        assertThat(a.outcome()).isEqualTo(Outcome.NOT_RUNNING);
        assertThat(counts()).isEqualTo(before);
        assertThat(queue.depth(JobQueue.GIGA) + queue.depth(JobQueue.SLACK)).isZero();
    }

    @Test
    void stopping_a_computer_that_has_ended_is_not_running() {
        RunService s = service(OPEN);
        Run run = change(start(s, REQUESTER), b -> b.deploymentId("d_1").status(RunStatus.STOPPED)
                .computer(ComputerState.STOPPED).computerEndedAt(clock.instant()));
        settle();
        Counts before = counts();
        nudges.set(0);

        RunService.Answer a = s.stop(run, REQUESTER);

        assertThat(a.outcome()).isEqualTo(Outcome.NOT_RUNNING);
        assertThat(a.refused()).isFalse();
        assertThat(a.refusal()).isNull();
        assertThat(counts()).isEqualTo(before);
        assertThat(queue.depth(JobQueue.GIGA) + queue.depth(JobQueue.SLACK)).isZero();
        assertThat(nudges).hasValue(0);
    }

    @Test
    void a_stranger_is_refused_even_on_a_computer_that_has_ended() {
        RunService s = service(OPEN);
        Run run = change(start(s, REQUESTER), b -> b.deploymentId("d_1").computer(ComputerState.TERMINATED));

        assertThat(s.stop(run, STRANGER).outcome()).isEqualTo(Outcome.REFUSED);
    }

    @Test
    void a_running_computer_can_be_stopped() {
        RunService s = service(OPEN);
        Run run = running(start(s, REQUESTER));
        settle();

        assertThat(s.stop(run, REQUESTER).outcome()).isEqualTo(Outcome.DONE);
        assertThat(pendingJobs(run.id())).contains(new RunJob.Stop(REQUESTER));
    }

    // ---- extend ----

    @Test
    void the_requester_extends_the_run() {
        RunService s = service(OPEN);
        Run run = running(start(s, REQUESTER));
        settle();
        nudges.set(0);

        RunService.Answer a = s.extend(run, REQUESTER);

        assertThat(a.outcome()).isEqualTo(Outcome.DONE);
        assertThat(storedJobs()).containsExactly(new StoredJob("giga", run.id(), "extend", "{\"by\":\"U1\"}"));
        assertThat(pendingJobs(run.id())).containsExactly(new RunJob.Extend(REQUESTER));
        assertThat(audit.recent(TEAM, 1)).extracting(AuditEntry::userId, AuditEntry::action, AuditEntry::runId)
                .containsExactly(tuple(REQUESTER, "extend", run.id()));
        assertThat(nudges).hasValue(1);
    }

    @Test
    void extend_is_refused_when_the_run_would_last_longer_than_the_maximum() {
        RunService s = service(OPEN);
        Run run = start(s, REQUESTER); // created now, no known expiry
        clock.advance(Duration.ofHours(8));
        Counts before = counts();

        RunService.Answer a = s.extend(run, REQUESTER);

        assertThat(a.outcome()).isEqualTo(Outcome.REFUSED);
        assertRefused(a.refusal(), Reason.MAX_HOURS, "This run would then last 8 h 15 min, more than the 8 hours a run"
                + " may last (GIGA_MAX_HOURS). Save what you need from its desktop before it stops.");
        assertThat(a.refusal()).isEqualTo(LIMITS.checkExtend(run, run.plannedEndAfterExtension(clock.instant())));
        assertThat(counts()).isEqualTo(before);
        assertThat(queue.depth(JobQueue.GIGA)).isZero();
    }

    @Test
    void an_extension_counts_from_the_planned_end_and_may_end_in_the_grace_period() {
        RunService s = service(OPEN);
        Run run = start(s, REQUESTER);
        Instant created = run.createdAt();
        clock.advance(Duration.ofHours(7));

        Run fits = change(run, b -> b.extendedTo(created.plus(Duration.ofMinutes(7 * 60 + 50))));
        assertThat(s.extend(fits, REQUESTER).outcome()).as("ends at 8 h 5 min: within the grace").isEqualTo(Outcome.DONE);

        Run tooLong = change(fits, b -> b.extendedTo(created.plus(Duration.ofMinutes(7 * 60 + 51))));
        RunService.Answer a = s.extend(tooLong, REQUESTER);
        assertRefused(a.refusal(), Reason.MAX_HOURS, "This run would then last 8 h 6 min, more than the 8 hours a run"
                + " may last (GIGA_MAX_HOURS). Save what you need from its desktop before it stops.");
    }

    @Test
    void a_stranger_may_not_extend_the_run() {
        RunService s = service(OPEN);
        Run run = running(start(s, REQUESTER));
        Counts before = counts();

        RunService.Answer a = s.extend(run, STRANGER);

        assertRefused(a.refusal(), Reason.NOT_OWNER,
                "Only <@U1> and the workspace's admins and owners can extend this run.");
        assertThat(a.refusal()).isEqualTo(OPEN.mayControl(run, STRANGER, false, Control.EXTEND));
        assertThat(counts()).isEqualTo(before);
    }

    // ---- retry ----

    @Test
    void a_stranger_may_not_retry_the_run() {
        RunService s = service(OPEN);
        Run run = start(s, REQUESTER);
        Counts before = counts();

        Started r = s.retry(run, STRANGER);

        assertRefused(r.refusal(), Reason.NOT_OWNER,
                "Only <@U1> and the workspace's admins and owners can retry this run.");
        assertThat(r.refusal()).isEqualTo(OPEN.mayControl(run, STRANGER, false, Control.RETRY));
        assertThat(r.run()).isNull();
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void retry_is_refused_when_the_channel_is_no_longer_allowed() {
        Run run = start(service(OPEN), REQUESTER);
        AccessRules now = rules(List.of("COTHER"), Set.of(), Set.of(), Set.of(), Set.of());
        Counts before = counts();

        Started r = service(now).retry(run, REQUESTER);

        assertRefused(r.refusal(), Reason.CHANNEL_NOT_ALLOWED,
                "Giga runs can only be started in <#COTHER> (GIGA_ALLOWED_CHANNELS). Start it there.");
        assertThat(r.refusal()).isEqualTo(now.mayStart(CHANNEL, REQUESTER, Set.of()));
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void retry_is_refused_by_the_limits_like_a_start() {
        RunService s = service(OPEN);
        Run run = start(s, REQUESTER);
        start(s, REQUESTER);
        Counts before = counts();

        Started r = s.retry(run, REQUESTER);

        assertThat(r.refusal().reason()).isEqualTo(Reason.CONCURRENT_PER_USER);
        assertThat(counts()).as("no run and no \"retry\" audit line").isEqualTo(before);
    }

    @Test
    void retry_records_a_new_run_with_the_same_parameters() {
        RunService s = service(OPEN);
        Run previous = s.start(new StartRequest(TEAM, CHANNEL, REQUESTER, RunKind.AGENT, PROMPT, "giga-large", 2,
                "A confirmation", "Be polite", "Dinner", null)).run();
        settle();
        clock.advance(Duration.ofMinutes(3));

        Started r = s.retry(previous, WORKSPACE_ADMIN);

        assertThat(r.refused()).isFalse();
        Run again = r.run();
        assertThat(again.id()).isNotEqualTo(previous.id());
        assertThat(again.nameTag()).isNotEqualTo(previous.nameTag());
        assertThat(again.params()).isEqualTo(previous.params());
        assertThat(again.channelId()).isEqualTo(CHANNEL);
        assertThat(again.kind()).isEqualTo(RunKind.AGENT);
        assertThat(again.requesterId()).as("the new run is the retrier's").isEqualTo(WORKSPACE_ADMIN);
        assertThat(runs.findById(again.id())).contains(again);
        assertThat(storedJobs()).containsExactly(new StoredJob("slack", again.id(), "card", "{}"));
        assertThat(audit.recent(TEAM, 2)).extracting(AuditEntry::userId, AuditEntry::action, AuditEntry::runId,
                AuditEntry::detail).containsExactly(
                        tuple(WORKSPACE_ADMIN, "retry", previous.id(), "as " + again.id()),
                        tuple(WORKSPACE_ADMIN, "start", again.id(), "giga-large, 2 h"));
    }

    // ---- delete ----

    @Test
    void a_stranger_may_not_delete_the_run() {
        RunService s = service(OPEN);
        Run run = running(start(s, REQUESTER));
        Counts before = counts();

        RunService.Answer a = s.delete(run, STRANGER);

        String text = "Only <@U1> and the workspace's admins and owners can delete this run.";
        assertRefused(a.refusal(), Reason.NOT_OWNER, text);
        assertRefused(s.mayDelete(run, STRANGER), Reason.NOT_OWNER, text);
        assertThat(counts()).isEqualTo(before);
        assertThat(runs.findById(run.id()).orElseThrow().stoppedBy()).isNull();
    }

    @Test
    void the_requester_deletes_the_run() {
        RunService s = service(OPEN);
        Run run = running(start(s, REQUESTER));
        settle();

        assertThat(s.mayDelete(run, REQUESTER).isAllowed()).isTrue();
        RunService.Answer a = s.delete(run, REQUESTER);

        assertThat(a.outcome()).isEqualTo(Outcome.DONE);
        assertThat(runs.findById(run.id()).orElseThrow().stoppedBy()).isEqualTo(REQUESTER);
        assertThat(pendingJobs(run.id())).containsExactly(RunJob.PostCard.EDIT, new RunJob.Delete(REQUESTER));
        assertThat(storedJobs()).extracting(StoredJob::queue, StoredJob::kind, StoredJob::payload)
                .containsExactly(tuple("slack", "card", "{}"), tuple("giga", "delete", "{\"by\":\"U1\"}"));
        assertThat(audit.recent(TEAM, 1)).extracting(AuditEntry::userId, AuditEntry::action, AuditEntry::runId,
                AuditEntry::detail).containsExactly(tuple(REQUESTER, "delete", run.id(), "d_1"));
    }

    // ---- follow-up ----

    @Test
    void a_stranger_may_not_message_the_agent() {
        RunService s = service(OPEN);
        Run run = running(start(s, REQUESTER));
        Counts before = counts();

        RunService.Answer a = s.followUp(run, STRANGER, "Cancel the booking");

        assertThat(a.outcome()).isEqualTo(Outcome.REFUSED);
        assertRefused(a.refusal(), Reason.NOT_OWNER,
                "Only <@U1> and the workspace's admins and owners can send messages to the agent of this run.");
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void an_empty_follow_up_sends_nothing() {
        RunService s = service(OPEN);
        Run run = running(start(s, REQUESTER));
        Counts before = counts();
        nudges.set(0);

        assertThat(s.followUp(run, REQUESTER, "").outcome()).isEqualTo(Outcome.DONE);
        assertThat(s.followUp(run, REQUESTER, null).outcome()).isEqualTo(Outcome.DONE);

        assertThat(counts()).isEqualTo(before);
        assertThat(nudges).hasValue(0);
    }

    @Test
    void a_follow_up_enqueues_the_message_for_the_agent() {
        RunService s = service(OPEN);
        Run run = running(start(s, REQUESTER));
        settle();
        nudges.set(0);

        assertThat(s.followUp(run, REQUESTER, "Also book a taxi").outcome()).isEqualTo(Outcome.DONE);

        assertThat(storedJobs()).containsExactly(new StoredJob("giga", run.id(), "followup",
                "{\"by\":\"U1\",\"message\":\"Also book a taxi\"}"));
        assertThat(pendingJobs(run.id())).containsExactly(new RunJob.FollowUp(REQUESTER, "Also book a taxi"));
        assertThat(nudges).hasValue(1);
    }

    // ---- the audit log, and who is asked ----

    @Test
    void configured_admins_read_the_audit_log_without_asking_slack() {
        assertThat(service(WITH_ADMIN).mayReadAudit("T1", CONFIGURED_ADMIN)).isTrue();
        assertThat(directory.adminLookups).isEmpty();
    }

    @Test
    void workspace_admins_read_the_audit_log() {
        assertThat(service(WITH_ADMIN).mayReadAudit("T1", WORKSPACE_ADMIN)).isTrue();
        assertThat(directory.adminLookups).containsExactly(WORKSPACE_ADMIN);
    }

    @Test
    void others_may_not_read_the_audit_log() {
        assertThat(service(WITH_ADMIN).mayReadAudit("T1", REQUESTER)).isFalse();
        assertThat(directory.adminLookups).containsExactly(REQUESTER);
    }

    @Test
    void the_directory_is_not_asked_when_the_requester_or_a_configured_admin_acts() {
        RunService s = service(WITH_ADMIN);
        for (String who : List.of(REQUESTER, CONFIGURED_ADMIN)) {
            Run run = running(start(s, REQUESTER));
            assertThat(s.extend(run, who).outcome()).isEqualTo(Outcome.DONE);
            assertThat(s.followUp(run, who, "hi").outcome()).isEqualTo(Outcome.DONE);
            assertThat(s.mayDelete(run, who).isAllowed()).isTrue();
            assertThat(s.stop(run, who).outcome()).isEqualTo(Outcome.DONE);
            assertThat(s.delete(run, who).outcome()).isEqualTo(Outcome.DONE);
            assertThat(s.retry(run, who).refused()).isFalse();
            settle();
            db.jdbc().update("UPDATE runs SET status = 'STOPPED', computer = 'STOPPED'"); // free the limits
        }
        assertThat(directory.adminLookups).isEmpty();
        assertThat(directory.groupLookups).isEmpty();
    }

    // ---- callbacks, ephemeral answers, reads ----

    @Test
    void callbacks_are_coalesced_per_hint() {
        RunService s = service(OPEN);
        Run run = start(s, REQUESTER);
        settle();

        s.callbackReceived(run.id(), RunJob.CallbackHint.NONE);
        s.callbackReceived(run.id(), RunJob.CallbackHint.NONE);
        s.callbackReceived(run.id(), RunJob.CallbackHint.COMPLETED);
        s.callbackReceived(run.id(), RunJob.CallbackHint.COMPLETED);

        assertThat(pendingJobs(run.id())).containsExactly(new RunJob.Refresh(RunJob.CallbackHint.NONE),
                new RunJob.Refresh(RunJob.CallbackHint.COMPLETED));
    }

    @Test
    void an_ephemeral_answer_is_an_unordered_slack_job() {
        var message = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("text", "Later");

        service(OPEN).ephemeral(CHANNEL, REQUESTER, null, message);

        assertThat(storedJobs()).containsExactly(new StoredJob("slack", null, "ephemeral",
                "{\"channel\":\"C1\",\"user\":\"U1\",\"message\":{\"text\":\"Later\"}}"));
    }

    @Test
    void runs_are_found_by_id_or_deployment_within_their_workspace_only() {
        RunService s = service(OPEN);
        Run run = running(start(s, REQUESTER));

        assertThat(s.find(TEAM, run.id())).map(Run::id).contains(run.id());
        assertThat(s.find(TEAM, "d_1")).map(Run::id).contains(run.id());
        assertThat(s.find("T2", run.id())).isEmpty();
        assertThat(s.findById(TEAM, "d_1")).as("buttons carry our id only").isEmpty();
        assertThat(s.findById(TEAM, null)).isEmpty();
    }

    // ---- helpers ----

    RunService service(AccessRules rules) {
        return service(rules, LIMITS, SETTINGS);
    }

    static final byte[] DESKTOP_KEY = "a key of thirty-two bytes for it".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** A service with the built-in viewer at https://giga.example and screenshots on. */
    RunService desktopService(AccessRules rules) {
        DesktopSettings desktop = new DesktopSettings("https://giga.example", Duration.ofMinutes(10), true);
        return new RunService(new RunService.Parts(db.jdbc(), runs, jobs, updater, audit, directory, clock, random,
                nudges::incrementAndGet), SETTINGS, rules, LIMITS, desktop,
                new DesktopLinks(desktop, () -> DESKTOP_KEY, clock));
    }

    @Test
    void the_requester_gets_a_personal_link_with_control() {
        RunService s = desktopService(OPEN);
        Run run = withDesktop(running(start(s, REQUESTER)));

        RunService.DesktopAnswer a = s.openDesktop(run, REQUESTER);

        assertThat(a.outcome()).isEqualTo(Outcome.DONE);
        assertThat(a.link().url()).startsWith("https://giga.example/desktop/" + run.id() + "#");
        assertThat(a.link().pass().mode()).isEqualTo(io.gigaslack.runs.DesktopPass.Mode.CONTROL);
        assertThat(a.link().pass().expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
        String token = a.link().url().substring(a.link().url().indexOf('#') + 1);
        assertThat(io.gigaslack.runs.DesktopPass.verify(token, DESKTOP_KEY, clock.instant()).pass())
                .isEqualTo(a.link().pass());
    }

    @Test
    void a_member_of_the_runs_channel_gets_a_view_only_link() {
        RunService s = desktopService(OPEN);
        Run run = withDesktop(running(start(s, REQUESTER)));
        directory.channelMembers.put(CHANNEL, Set.of(STRANGER));

        RunService.DesktopAnswer a = s.openDesktop(run, STRANGER);

        assertThat(a.outcome()).isEqualTo(Outcome.DONE);
        assertThat(a.link().pass().mode()).isEqualTo(io.gigaslack.runs.DesktopPass.Mode.VIEW);
    }

    @Test
    void a_workspace_admin_gets_control_of_someone_elses_desktop() {
        RunService s = desktopService(OPEN);
        Run run = withDesktop(running(start(s, REQUESTER)));
        directory.admins.add(STRANGER);

        assertThat(s.openDesktop(run, STRANGER).link().pass().mode())
                .isEqualTo(io.gigaslack.runs.DesktopPass.Mode.CONTROL);
    }

    @Test
    void someone_outside_the_runs_channel_gets_no_link() {
        RunService s = desktopService(OPEN);
        Run run = withDesktop(running(start(s, REQUESTER)));

        RunService.DesktopAnswer a = s.openDesktop(run, STRANGER);

        assertThat(a.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(a.link()).isNull();
        assertThat(a.refusal().text()).isEqualTo("Only members of <#" + CHANNEL + ">, where this run was started,"
                + " can watch its desktop.");
    }

    @Test
    void a_computer_that_is_not_running_has_no_desktop_to_open() {
        RunService s = desktopService(OPEN);
        Run run = start(s, REQUESTER); // not started yet: no desktop

        assertThat(s.openDesktop(run, REQUESTER).outcome()).isEqualTo(Outcome.NOT_RUNNING);
    }

    @Test
    void a_screenshot_on_demand_is_queued_once_a_minute_at_most() {
        RunService s = desktopService(OPEN);
        Run run = withDesktop(running(start(s, REQUESTER)));
        settle();

        assertThat(s.screenshot(run, REQUESTER).outcome()).isEqualTo(Outcome.DONE);
        RunService.Answer again = s.screenshot(run, REQUESTER);
        assertThat(again.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(again.refusal().text()).contains("less than a minute ago");
        clock.advance(RunService.SCREENSHOT_EVERY);
        assertThat(s.screenshot(run, REQUESTER).outcome()).isEqualTo(Outcome.DONE);
        assertThat(db.jdbc().queryLong("SELECT COUNT(*) FROM jobs WHERE queue = 'desktop' AND done = FALSE"))
                .isEqualTo(2);
    }

    @Test
    void a_screenshot_is_refused_to_someone_outside_the_runs_channel() {
        RunService s = desktopService(OPEN);
        Run run = withDesktop(running(start(s, REQUESTER)));

        assertThat(s.screenshot(run, STRANGER).outcome()).isEqualTo(Outcome.REFUSED);
    }

    /** A running run whose desktop has an address. */
    Run withDesktop(Run run) {
        return change(run, b -> b.vncUrl("wss://vnc.giga.example/s/sb_1"));
    }

    RunService service(AccessRules rules, Limits limits, RunSettings settings) {
        return new RunService(new RunService.Parts(db.jdbc(), runs, jobs, updater, audit, directory, clock, random,
                nudges::incrementAndGet), settings, rules, limits);
    }

    static StartRequest agent(String userId) {
        return StartRequest.agent(TEAM, CHANNEL, userId, PROMPT);
    }

    static StartRequest request(String userId, RunKind kind, String platform, Integer hours) {
        return new StartRequest(TEAM, CHANNEL, userId, kind, PROMPT, platform, hours, null, null, null, null);
    }

    /** The parameters a default agent start gets. */
    static RunParams defaultParams() {
        return new RunParams("giga-standard", 4, PROMPT, "The table is booked", "Answer briefly", "");
    }

    /** Starts a default agent run, which must be allowed. */
    static Run start(RunService s, String userId) {
        Started started = s.start(agent(userId));
        assertThat(started.refusal()).as("start by " + userId).isNull();
        return started.run();
    }

    /** Changes the stored run (its latest version), as the Giga jobs would. */
    Run change(Run run, UnaryOperator<Run.Builder> how) {
        return db.jdbc().inTransaction(tx -> {
            Run current = runs.findById(tx, run.id()).orElseThrow();
            return runs.update(tx, how.apply(current.toBuilder()).build());
        });
    }

    /** The run with a started computer. */
    Run running(Run run) {
        return change(run, b -> b.deploymentId("d_1").threadId("th_1").sandboxId("sb_1").status(RunStatus.RUNNING)
                .computer(ComputerState.RUNNING).readyAt(clock.instant()).expiresAt(clock.instant().plus(
                        Duration.ofHours(1))));
    }

    /** Marks every job so far done, so that a test sees only the jobs that follow. */
    void settle() {
        db.jdbc().update("UPDATE jobs SET done = TRUE");
    }

    record StoredJob(String queue, String runId, String kind, String payload) {}

    /** Unfinished jobs, in the order they were added. */
    List<StoredJob> storedJobs() {
        return db.jdbc().query("SELECT queue, run_id, kind, payload FROM jobs WHERE done = FALSE ORDER BY id",
                rs -> new StoredJob(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
    }

    /** A run's unfinished jobs, read back as typed jobs, in the order they were added. */
    List<RunJob> pendingJobs(String runId) {
        List<Long> ids = db.jdbc().query("SELECT id FROM jobs WHERE done = FALSE AND run_id = ? ORDER BY id",
                rs -> rs.getLong(1), runId);
        return ids.stream().map(id -> JobCodec.decode(queue.find(id).orElseThrow())).toList();
    }

    record Counts(long runs, long jobs, long audit) {}

    /** Everything recorded so far, finished jobs included. */
    Counts counts() {
        return new Counts(db.jdbc().queryLong("SELECT COUNT(*) FROM runs"),
                db.jdbc().queryLong("SELECT COUNT(*) FROM jobs"),
                db.jdbc().queryLong("SELECT COUNT(*) FROM audit_log"));
    }

    void assertNothingRecorded() {
        assertThat(counts()).isEqualTo(new Counts(0, 0, 0));
        assertThat(queue.depth(JobQueue.SLACK)).isZero();
        assertThat(queue.depth(JobQueue.GIGA)).isZero();
        assertThat(nudges).hasValue(0);
    }

    static void assertRefused(Decision d, Reason reason, String text) {
        assertThat(d).as("a refusal").isNotNull();
        assertThat(d.isRefused()).isTrue();
        assertThat(d.reason()).isEqualTo(reason);
        assertThat(d.text()).isEqualTo(text);
    }

    static AccessRules rules(java.util.Collection<String> allowedChannels, java.util.Collection<String> deniedChannels,
            java.util.Collection<String> allowedUsers, java.util.Collection<String> allowedGroups,
            java.util.Collection<String> admins) {
        return new AccessRules(new LinkedHashSet<>(allowedChannels), new LinkedHashSet<>(deniedChannels),
                new LinkedHashSet<>(allowedUsers), new LinkedHashSet<>(allowedGroups), new LinkedHashSet<>(admins));
    }

    static Map<String, Platform> platforms() {
        Map<String, Platform> p = new LinkedHashMap<>();
        p.put("giga-standard", new Platform("giga-standard", 60));
        p.put("giga-large", new Platform("giga-large", 120));
        return p;
    }

    /** What Slack would say about people, and who was asked about. */
    static final class FakeDirectory implements Directory {
        final Set<String> admins = new HashSet<>();
        final Map<String, Set<String>> groups = new HashMap<>();
        final List<String> adminLookups = new ArrayList<>();
        final List<String> groupLookups = new ArrayList<>();
        final List<Set<String>> groupCandidates = new ArrayList<>();
        final Map<String, Set<String>> channelMembers = new HashMap<>();

        @Override
        public boolean isChannelMember(String channelId, String userId) {
            return channelMembers.getOrDefault(channelId, Set.of()).contains(userId);
        }

        @Override
        public boolean isWorkspaceAdmin(String userId) {
            adminLookups.add(userId);
            return admins.contains(userId);
        }

        @Override
        public Set<String> groupsOf(String userId, Set<String> candidates) {
            groupLookups.add(userId);
            groupCandidates.add(Set.copyOf(candidates));
            return groups.getOrDefault(userId, Set.of()).stream().filter(candidates::contains)
                    .collect(Collectors.toSet());
        }
    }
}
