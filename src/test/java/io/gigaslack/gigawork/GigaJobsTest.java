package io.gigaslack.gigawork;

import static io.gigaslack.gigawork.GigaWorkFixture.AGENT;
import static io.gigaslack.gigawork.GigaWorkFixture.GOAL;
import static io.gigaslack.gigawork.GigaWorkFixture.PLATFORM;
import static io.gigaslack.gigawork.GigaWorkFixture.PROMPT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gigaslack.engine.GiveUp;
import io.gigaslack.engine.RetryLater;
import io.gigaslack.engine.Worker;
import io.gigaslack.giga.GigaApiException;
import io.gigaslack.giga.Prompts;
import io.gigaslack.giga.StartDeploymentRequest;
import io.gigaslack.giga.StartedDeployment;
import io.gigaslack.giga.sim.DeploymentSnapshot;
import io.gigaslack.runs.CallbackTokens;
import io.gigaslack.runs.ComputerState;
import io.gigaslack.runs.Limits;
import io.gigaslack.runs.Milestone;
import io.gigaslack.runs.Notice;
import io.gigaslack.runs.Run;
import io.gigaslack.runs.RunStatus;
import io.gigaslack.runs.StartTries;
import io.gigaslack.service.RunJob;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Giga jobs of runs (start, stop, extend, follow-up, refresh, results) against the simulator over HTTP. */
class GigaJobsTest {

    private GigaWorkFixture f;

    @BeforeEach
    void setUp() {
        f = new GigaWorkFixture();
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private static String words(String code, int status) {
        return GigaErrorWords.explain(new GigaApiException(status, code, "refused", null, null, null, false, null));
    }

    // ---- start --------------------------------------------------------------------------------------------

    @Test
    void start_sends_one_start_to_giga_and_records_the_deployment_its_session_and_a_card_edit() throws Exception {
        Run run = f.agentRun("r_start1");

        f.handle(run.id(), new RunJob.Start());

        assertThat(f.sim.count("POST", "/api/deployments/start")).isEqualTo(1);
        assertThat(f.sim.count("GET", "/api/deployments")).as("a first attempt does not search").isZero();
        assertThat(f.sim.deployments()).hasSize(1);
        DeploymentSnapshot d = f.sim.deployments().get(0);
        assertThat(d.name()).isEqualTo("Nightly report [gs-r_start1]").isEqualTo(GigaJobs.deploymentName(run));
        assertThat(d.platform()).isEqualTo(PLATFORM);
        assertThat(d.durationHours()).isEqualTo(1);
        assertThat(d.aiEnabled()).isTrue();
        assertThat(d.callbackUrl()).as("no PUBLIC_URL, no callback").isNull();
        assertThat(f.sim.requests("POST", "/api/deployments/start").get(0).body()).contains(PROMPT, GOAL);

        Run after = f.run(run.id());
        assertThat(after.deploymentId()).isEqualTo(d.id());
        assertThat(after.threadId()).isEqualTo(d.threadId()).isNotNull();
        assertThat(after.sandboxId()).isEqualTo(d.sandboxId()).isNotNull();
        assertThat(after.vncUrl()).isNotNull();
        assertThat(after.status()).isEqualTo(RunStatus.PROVISIONING);
        assertThat(after.computer()).isEqualTo(ComputerState.PROVISIONING);
        assertThat(f.count("card", run.id())).isEqualTo(1);
        assertThat(f.enqueued(run.id())).containsExactly(RunJob.PostCard.EDIT);
    }

    @Test
    void start_of_a_desktop_run_creates_a_computer_without_the_agent() throws Exception {
        Run run = f.insert(f.newDesktopRun("r_desk1"));

        f.handle(run.id(), new RunJob.Start());

        assertThat(f.sim.count("POST", "/api/deployments")).isEqualTo(1);
        assertThat(f.sim.count("POST", "/api/deployments/start")).isZero();
        DeploymentSnapshot d = f.sim.deployments().get(0);
        assertThat(d.aiEnabled()).isFalse();
        assertThat(d.name()).isEqualTo("Desktop (giga-standard) [gs-r_desk1]");
        Run after = f.run(run.id());
        assertThat(after.deploymentId()).isEqualTo(d.id());
        assertThat(after.threadId()).isNull();
        assertThat(after.status()).isEqualTo(RunStatus.PROVISIONING);
        assertThat(f.count("card", run.id())).isEqualTo(1);
    }

    @Test
    void start_with_a_public_url_sends_a_callback_url_whose_token_matches_the_stored_hash() throws Exception {
        try (GigaWorkFixture withCallbacks = new GigaWorkFixture(Limits.defaults(List.of(PLATFORM)),
                "https://giga-slack.example")) {
            Run run = withCallbacks.agentRun("r_cb1");

            withCallbacks.handle(run.id(), new RunJob.Start());

            String url = withCallbacks.deployment(withCallbacks.run(run.id())).callbackUrl();
            assertThat(url).startsWith("https://giga-slack.example/giga/callback/r_cb1?token=");
            String token = url.substring(url.indexOf("token=") + "token=".length());
            assertThat(withCallbacks.run(run.id()).callbackTokenHash()).isEqualTo(CallbackTokens.hash(token));
        }
    }

    @Test
    void start_of_a_run_stopped_before_it_started_starts_nothing_and_ends_the_run_as_refused() throws Exception {
        Run run = f.agentRun("r_cancel1");
        f.change(run.id(), b -> b.stoppedBy("U2"));

        f.handle(run.id(), new RunJob.Start());

        assertThat(f.gigaRequests()).isZero();
        assertThat(f.sim.deployments()).isEmpty();
        Run after = f.run(run.id());
        assertThat(after.status()).isEqualTo(RunStatus.FAILED);
        assertThat(after.deploymentId()).isNull();
        assertThat(after.failureReason()).contains("Cancelled by <@U2>", "nothing was started");
        assertThat(f.milestones(run.id())).containsExactly(Milestone.START_FAILED);
    }

    @Test
    void start_that_already_ran_sends_nothing_the_second_time() throws Exception {
        Run run = f.started("r_twice1");
        long jobs = f.totalJobs(run.id());

        f.handle(run.id(), new RunJob.Start());

        assertThat(f.sim.count("POST", "/api/deployments/start")).isEqualTo(1);
        assertThat(f.gigaRequests()).isEqualTo(1);
        assertThat(f.run(run.id())).isEqualTo(run);
        assertThat(f.totalJobs(run.id())).isEqualTo(jobs);
    }

    @Test
    void retried_start_adopts_the_deployment_an_earlier_attempt_started_instead_of_starting_twice() throws Exception {
        Run run = f.agentRun("r_adopt1");
        // The first attempt reached Giga, then the replica died before recording the answer.
        StartedDeployment earlier = f.giga.startDeployment(StartDeploymentRequest.of(GigaJobs.deploymentName(run),
                PLATFORM, 1, new Prompts(PROMPT, GOAL)));

        f.gigaJobs.handle(f.stored(run.id(), new RunJob.Start(), 1), new RunJob.Start());

        assertThat(f.sim.deployments()).hasSize(1);
        assertThat(f.sim.count("POST", "/api/deployments/start")).as("only the earlier attempt's").isEqualTo(1);
        assertThat(f.sim.requests("GET", "/api/deployments")).hasSize(1)
                .allSatisfy(r -> assertThat(r.query()).contains("search="));
        Run after = f.run(run.id());
        assertThat(after.deploymentId()).isEqualTo(earlier.deployment().id());
        assertThat(after.status()).isEqualTo(RunStatus.PROVISIONING);
        assertThat(after.computer()).isEqualTo(ComputerState.PROVISIONING);
        assertThat(f.count("card", run.id())).isEqualTo(1);
    }

    @Test
    void start_claimed_long_after_it_fell_due_also_adopts_what_an_earlier_attempt_started() throws Exception {
        Run run = f.agentRun("r_adopt2");
        StartedDeployment earlier = f.giga.startDeployment(StartDeploymentRequest.of(GigaJobs.deploymentName(run),
                PLATFORM, 1, new Prompts(PROMPT, GOAL)));
        // A replica died holding the lease: the job is claimed again, its attempts not yet counted, a minute late.
        Instant dueLongAgo = f.clock.instant().minus(GigaJobs.RESTART_HINT).minusSeconds(30);

        f.gigaJobs.handle(f.stored(run.id(), new RunJob.Start(), 0, dueLongAgo), new RunJob.Start());

        assertThat(f.sim.count("GET", "/api/deployments")).as("looked for an earlier attempt").isEqualTo(1);
        assertThat(f.sim.deployments()).hasSize(1);
        assertThat(f.sim.count("POST", "/api/deployments/start")).isEqualTo(1);
        assertThat(f.run(run.id()).deploymentId()).isEqualTo(earlier.deployment().id());
    }

    @Test
    void retried_start_that_finds_no_earlier_attempt_starts_once() throws Exception {
        Run run = f.agentRun("r_retry1");

        f.gigaJobs.handle(f.stored(run.id(), new RunJob.Start(), 2), new RunJob.Start());

        assertThat(f.sim.count("GET", "/api/deployments")).as("looked for an earlier attempt").isEqualTo(1);
        assertThat(f.sim.count("POST", "/api/deployments/start")).isEqualTo(1);
        assertThat(f.sim.deployments()).hasSize(1);
        assertThat(f.run(run.id()).deploymentId()).isEqualTo(f.sim.deployments().get(0).id());
    }

    @Test
    void start_giga_refuses_for_good_ends_the_run_with_giga_error_words() throws Exception {
        Run run = f.agentRun("r_credits1");
        f.sim.faults().on("POST", "/api/deployments/start").respond(402, GigaApiException.INSUFFICIENT_CREDITS);

        f.handle(run.id(), new RunJob.Start());

        assertThat(f.sim.count("POST", "/api/deployments/start")).isEqualTo(1);
        assertThat(f.sim.deployments()).isEmpty();
        Run after = f.run(run.id());
        assertThat(after.status()).isEqualTo(RunStatus.FAILED);
        assertThat(after.deploymentId()).isNull();
        assertThat(after.finishedAt()).isEqualTo(f.clock.instant());
        assertThat(after.failureReason()).isEqualTo(words(GigaApiException.INSUFFICIENT_CREDITS, 402))
                .contains("enough credits");
        assertThat(f.milestones(run.id())).containsExactly(Milestone.START_FAILED);
        assertThat(f.count("card", run.id())).isEqualTo(1);
    }

    @Test
    void start_giga_refuses_for_now_throws_retry_later_with_giga_s_wait_and_says_so_on_the_card() throws Exception {
        Run run = f.agentRun("r_busy1");
        f.sim.faults().on("POST", "/api/deployments/start").retryAfter(Duration.ofSeconds(30))
                .respond(429, GigaApiException.CONCURRENCY_LIMIT_EXCEEDED);

        assertThatThrownBy(() -> f.handle(run.id(), new RunJob.Start()))
                .isInstanceOfSatisfying(RetryLater.class, e -> assertThat(e.after()).isEqualTo(Duration.ofSeconds(30)));

        assertThat(f.sim.count("POST", "/api/deployments/start")).isEqualTo(1);
        Run after = f.run(run.id());
        assertThat(after.status()).isEqualTo(RunStatus.PENDING);
        assertThat(after.startTries()).isEqualTo(new StartTries(1, "Giga answered 429 Too Many Requests (the plan's"
                + " limit of computers running at once is reached)", f.clock.instant(), f.clock.instant().plusSeconds(30)));
        assertThat(f.enqueued(run.id())).containsExactly(RunJob.PostCard.EDIT);
    }

    @Test
    void each_attempt_of_a_start_sends_one_request_and_waits_as_planned_when_giga_answers_503() throws Exception {
        Run run = f.agentRun("r_503a");
        f.sim.faults().on("POST", "/api/deployments/start").times(100).respond(503, "SERVICE_UNAVAILABLE");

        for (int attempt = 0; attempt < StartTries.MAX_REQUESTS - 1; attempt++) {
            int n = attempt;
            assertThatThrownBy(() -> f.gigaJobs.handle(f.stored(run.id(), new RunJob.Start(), n), new RunJob.Start()))
                    .isInstanceOfSatisfying(RetryLater.class,
                            e -> assertThat(e.after()).isEqualTo(StartTries.WAITS.get(n)));
            assertThat(f.sim.count("POST", "/api/deployments/start")).isEqualTo(attempt + 1);
        }

        assertThat(f.sleeps).as("the client itself waits for nothing").isEmpty();
        assertThat(f.sim.count("GET", "/api/deployments")).as("a look-up before each request after the first")
                .isEqualTo(StartTries.MAX_REQUESTS - 2);
        assertThat(f.run(run.id()).startTries()).isEqualTo(new StartTries(7, "Giga answered 503 Service Unavailable",
                f.clock.instant(), f.clock.instant().plus(StartTries.WAITS.get(6))));
        assertThat(f.run(run.id()).status()).isEqualTo(RunStatus.PENDING);
    }

    @Test
    void start_turned_away_on_its_last_allowed_request_ends_the_run_saying_the_app_stopped_trying() throws Exception {
        Run run = f.agentRun("r_busy2");
        f.change(run.id(), b -> b.startTries(new StartTries(7, "Giga answered 429 Too Many Requests",
                f.clock.instant(), f.clock.instant())));
        f.clock.advance(Duration.ofMinutes(3));
        f.sim.faults().on("POST", "/api/deployments/start").rateLimited(Duration.ofSeconds(20));

        f.gigaJobs.handle(f.stored(run.id(), new RunJob.Start(), 7), new RunJob.Start());

        assertThat(f.sim.count("POST", "/api/deployments/start")).isEqualTo(1);
        Run after = f.run(run.id());
        assertThat(after.status()).isEqualTo(RunStatus.FAILED);
        assertThat(after.failureReason()).isEqualTo("The app tried 8 times in 3 min to start the computer and has"
                + " stopped trying. The last time, Giga answered 429 Too Many Requests (the app sent more requests than"
                + " Giga takes from it in a minute). Press Retry to try again in a few minutes.");
        assertThat(after.startTries().requests()).isEqualTo(StartTries.MAX_REQUESTS);
        assertThat(f.milestones(run.id())).containsExactly(Milestone.START_FAILED);
    }

    @Test
    void start_turned_away_by_the_plans_limit_on_its_last_request_keeps_the_advice_on_which_run_to_stop()
            throws Exception {
        Run run = f.agentRun("r_busy3");
        f.change(run.id(), b -> b.startTries(new StartTries(7, "Giga answered 429 Too Many Requests",
                f.clock.instant(), f.clock.instant())));
        f.sim.faults().on("POST", "/api/deployments/start").respond(429, GigaApiException.CONCURRENCY_LIMIT_EXCEEDED);

        f.gigaJobs.handle(f.stored(run.id(), new RunJob.Start(), 7), new RunJob.Start());

        assertThat(f.run(run.id()).status()).isEqualTo(RunStatus.FAILED);
        assertThat(f.run(run.id()).failureReason()).isEqualTo(words(GigaApiException.CONCURRENCY_LIMIT_EXCEEDED, 429))
                .contains("/giga list");
    }

    @Test
    void start_whose_last_request_goes_unanswered_is_checked_once_more_before_it_is_called_failed() throws Exception {
        Run run = f.agentRun("r_unknown1");
        f.change(run.id(), b -> b.startTries(new StartTries(7, "Giga answered 500 Internal Server Error",
                f.clock.instant(), f.clock.instant())));
        f.sim.faults().on("POST", "/api/deployments/start").respond(500, GigaApiException.INTERNAL_ERROR);

        // The computer may exist: the run is not told it failed, and no further start is sent.
        assertThatThrownBy(() -> f.gigaJobs.handle(f.stored(run.id(), new RunJob.Start(), 7), new RunJob.Start()))
                .isInstanceOfSatisfying(RetryLater.class,
                        e -> assertThat(e.after()).isEqualTo(StartTries.WAITS.get(7)));
        Run checking = f.run(run.id());
        assertThat(checking.status()).isEqualTo(RunStatus.PENDING);
        assertThat(checking.failureReason()).isNull();
        assertThat(checking.startTries().exhausted()).isTrue();
        assertThat(checking.startTries().answer()).isEqualTo("Giga answered 500 Internal Server Error (INTERNAL_ERROR)");

        f.clock.advance(StartTries.WAITS.get(7));
        f.gigaJobs.handle(f.stored(run.id(), new RunJob.Start(), 8), new RunJob.Start());

        assertThat(f.sim.count("POST", "/api/deployments/start")).isEqualTo(1);
        assertThat(f.sim.count("GET", "/api/deployments")).as("looked for it before the last request and after")
                .isEqualTo(2);
        Run after = f.run(run.id());
        assertThat(after.status()).isEqualTo(RunStatus.FAILED);
        assertThat(after.failureReason()).startsWith("The app tried 8 times in under a minute to start the computer and has"
                + " stopped trying. The last time, Giga answered 500 Internal Server Error (INTERNAL_ERROR).");
        assertThat(f.milestones(run.id())).containsExactly(Milestone.START_FAILED);
    }

    @Test
    void last_check_that_finds_the_computer_after_all_adopts_it() throws Exception {
        Run run = f.agentRun("r_unknown2");
        f.change(run.id(), b -> b.startTries(new StartTries(8, "Giga did not answer in time", f.clock.instant(),
                f.clock.instant())));
        StartedDeployment earlier = f.giga.startDeployment(StartDeploymentRequest.of(GigaJobs.deploymentName(run),
                PLATFORM, 1, new Prompts(PROMPT, GOAL)));

        f.gigaJobs.handle(f.stored(run.id(), new RunJob.Start(), 8), new RunJob.Start());

        assertThat(f.sim.count("POST", "/api/deployments/start")).as("only the earlier request").isEqualTo(1);
        assertThat(f.run(run.id()).deploymentId()).isEqualTo(earlier.deployment().id());
        assertThat(f.run(run.id()).status()).isEqualTo(RunStatus.PROVISIONING);
    }

    @Test
    void a_start_that_sent_every_allowed_request_sends_no_more_even_as_a_fresh_job() throws Exception {
        // As after a restart in the middle of the retries: the job's own attempts start again from 0, the run's
        // count of start requests does not.
        Run run = f.agentRun("r_counted");
        f.change(run.id(), b -> b.startTries(new StartTries(8, "Giga answered 503 Service Unavailable",
                f.clock.instant(), f.clock.instant())));

        f.handle(run.id(), new RunJob.Start());

        assertThat(f.sim.count("POST", "/api/deployments/start")).isZero();
        assertThat(f.sim.count("GET", "/api/deployments")).as("it looked for an earlier request's computer").isEqualTo(1);
        assertThat(f.run(run.id()).status()).isEqualTo(RunStatus.FAILED);
    }

    @Test
    void a_start_request_that_got_no_answer_still_counts() throws Exception {
        Run run = f.agentRun("r_count1");
        f.sim.faults().on("POST", "/api/deployments/start").dropConnection();

        assertThatThrownBy(() -> f.handle(run.id(), new RunJob.Start())).isInstanceOf(RetryLater.class);

        assertThat(f.run(run.id()).startTries().requests()).isEqualTo(1);
        assertThat(f.run(run.id()).startTries().answer()).isEqualTo("The connection to Giga broke before it answered");
    }

    @Test
    void give_up_of_a_start_ends_the_run_as_failed() {
        Run run = f.agentRun("r_gaveup1");

        f.gigaJobs.givenUp(f.stored(run.id(), new RunJob.Start(), Worker.DEFAULT_MAX_ATTEMPTS), new RunJob.Start(),
                "giga unreachable");

        Run after = f.run(run.id());
        assertThat(after.status()).isEqualTo(RunStatus.FAILED);
        assertThat(after.failureReason()).contains("could not be reached", "press Retry");
        assertThat(f.milestones(run.id())).containsExactly(Milestone.START_FAILED);
        assertThat(f.gigaRequests()).isZero();
    }

    @Test
    void give_up_of_a_stop_tells_the_thread_that_stopping_failed() throws Exception {
        Run run = f.started("r_gaveup2");
        f.change(run.id(), b -> b.rootTs("1700000000.000100"));
        long before = f.totalJobs(run.id());

        f.gigaJobs.givenUp(f.stored(run.id(), new RunJob.Stop("U2"), 6), new RunJob.Stop("U2"), "giga unreachable");

        assertThat(f.totalJobs(run.id())).isEqualTo(before + 1);
        assertThat(f.notices(run.id(), Notice.ActionFailed.class)).singleElement().satisfies(n -> {
            assertThat(n.action()).isEqualTo(Notice.Action.GENERAL);
            assertThat(n.text()).startsWith("Stopping the computer failed after several tries");
        });
        assertThat(f.run(run.id()).status()).isEqualTo(RunStatus.PROVISIONING);
    }

    // ---- stop ---------------------------------------------------------------------------------------------

    @Test
    void stop_after_the_agent_finished_unnoticed_keeps_the_agents_outcome() throws Exception {
        Run run = f.ready("r_stop_late");
        f.advance(AGENT); // the agent finished at Giga; no callback, no cycle yet

        f.handle(run.id(), new RunJob.Stop("U2"));

        Run after = f.run(run.id());
        assertThat(after.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(after.finalAnswer()).isEqualTo("Done: saved report.txt");
        assertThat(after.computer()).isEqualTo(ComputerState.STOPPED);
        assertThat(f.count("results", run.id())).isEqualTo(1);
    }

    @Test
    void stop_of_a_live_computer_stops_it_at_giga_and_records_who_asked() throws Exception {
        Run run = f.ready("r_stop1");
        assertThat(run.computer()).isEqualTo(ComputerState.RUNNING);

        f.handle(run.id(), new RunJob.Stop("U2"));

        assertThat(f.sim.count("POST", "/api/deployments/" + run.deploymentId() + "/stop")).isEqualTo(1);
        assertThat(f.deployment(run).status()).isEqualTo("stopped");
        Run after = f.run(run.id());
        assertThat(after.stoppedBy()).isEqualTo("U2");
        assertThat(after.computer()).isEqualTo(ComputerState.STOPPED);
        assertThat(after.status()).isEqualTo(RunStatus.STOPPED);
        assertThat(after.computerEndedAt()).isEqualTo(f.clock.instant());
        assertThat(f.milestones(run.id())).containsExactly(Milestone.DESKTOP_READY, Milestone.COMPUTER_STOPPED);
    }

    @Test
    void automatic_stop_stops_the_computer_without_recording_a_user() throws Exception {
        Run run = f.ready("r_autostop1");
        f.change(run.id(), b -> b.autoStopAt(f.clock.instant()));

        f.handle(run.id(), RunJob.Stop.AUTOMATIC);

        assertThat(f.sim.count("POST", "/api/deployments/" + run.deploymentId() + "/stop")).isEqualTo(1);
        assertThat(f.deployment(run).status()).isEqualTo("stopped");
        Run after = f.run(run.id());
        assertThat(after.stoppedBy()).isNull();
        assertThat(after.computer()).isEqualTo(ComputerState.STOPPED);
    }

    @Test
    void automatic_stop_of_a_computer_kept_running_does_nothing_before_the_planned_end() throws Exception {
        Run run = f.ready("r_autostop2");
        f.change(run.id(), b -> b.autoStopAt(null).keptBy("U1"));

        f.handle(run.id(), RunJob.Stop.AUTOMATIC);

        assertThat(f.sim.count("POST", "/api/deployments/" + run.deploymentId() + "/stop")).isZero();
        assertThat(f.run(run.id()).computer()).isEqualTo(ComputerState.RUNNING);
    }

    @Test
    void automatic_stop_before_its_time_does_nothing_and_at_the_planned_end_stops() throws Exception {
        Run run = f.ready("r_autostop3");
        f.change(run.id(), b -> b.autoStopAt(f.clock.instant().plusSeconds(600)));

        f.handle(run.id(), RunJob.Stop.AUTOMATIC);
        assertThat(f.sim.count("POST", "/api/deployments/" + run.deploymentId() + "/stop")).isZero();

        f.advance(Duration.ofSeconds(600));
        f.handle(run.id(), RunJob.Stop.AUTOMATIC);
        assertThat(f.sim.count("POST", "/api/deployments/" + run.deploymentId() + "/stop")).isEqualTo(1);
    }

    @Test
    void stop_of_a_computer_giga_no_longer_knows_records_it_as_deleted() throws Exception {
        Run run = f.ready("r_stopgone1");
        f.giga.deleteDeployment(run.deploymentId());

        f.handle(run.id(), new RunJob.Stop("U2"));

        Run after = f.run(run.id());
        assertThat(after.computer()).isEqualTo(ComputerState.DELETED);
        assertThat(after.status()).isEqualTo(RunStatus.STOPPED);
        assertThat(after.stoppedBy()).isEqualTo("U2");
    }

    @Test
    void stop_of_a_computer_that_already_ended_sends_nothing() throws Exception {
        Run run = f.ready("r_stopped1");
        f.handle(run.id(), new RunJob.Stop("U2"));
        int requests = f.gigaRequests();

        f.handle(run.id(), new RunJob.Stop("U3"));

        assertThat(f.gigaRequests()).isEqualTo(requests);
        assertThat(f.run(run.id()).stoppedBy()).isEqualTo("U2");
    }

    // ---- extend -------------------------------------------------------------------------------------------

    @Test
    void extend_adds_one_extension_and_tells_the_thread() throws Exception {
        Run run = f.ready("r_extend1");
        Instant expires = f.deployment(run).expiresAt();
        assertThat(run.expiresAt()).isEqualTo(expires);

        f.handle(run.id(), new RunJob.Extend("U2"));

        assertThat(f.sim.count("POST", "/api/sandbox/extend")).isEqualTo(1);
        assertThat(f.deployment(run).expiresAt()).isEqualTo(expires.plus(Run.EXTENSION));
        assertThat(f.run(run.id()).expiresAt()).isEqualTo(expires.plus(Run.EXTENSION));
        // A person's Extend moves the planned end (the hours asked for) on by one extension.
        assertThat(f.run(run.id()).plannedEnd()).isEqualTo(run.plannedEnd().plus(Run.EXTENSION));
        assertThat(f.notices(run.id(), Notice.Extended.class))
                .containsExactly(new Notice.Extended("U2", run.plannedEnd().plus(Run.EXTENSION)));
    }

    @Test
    void an_automatic_extension_keeps_the_sandbox_alive_up_to_the_planned_end_and_tells_nobody() throws Exception {
        Run run = f.ready("r_keep1");
        Instant expires = f.deployment(run).expiresAt();
        f.advance(Duration.between(f.clock.instant(), expires.minus(Reconciler.EXTEND_AHEAD))); // within the lead

        f.handle(run.id(), new RunJob.Extend(null));

        assertThat(f.sim.count("POST", "/api/sandbox/extend")).isEqualTo(1);
        assertThat(f.run(run.id()).expiresAt()).isEqualTo(expires.plus(Run.EXTENSION));
        assertThat(f.run(run.id()).plannedEnd()).isEqualTo(run.plannedEnd());
        assertThat(f.notices(run.id(), Notice.Extended.class)).isEmpty();
    }

    @Test
    void a_second_automatic_extension_queued_while_the_first_was_under_way_is_not_sent() throws Exception {
        Run run = f.ready("r_keep3");
        f.runs.update(f.run(run.id()).toBuilder().expiresAt(f.clock.instant().plus(Duration.ofMinutes(5))).build());

        f.handle(run.id(), new RunJob.Extend(null));
        f.handle(run.id(), new RunJob.Extend(null)); // queued by a cycle before the first had finished

        assertThat(f.sim.count("POST", "/api/sandbox/extend")).as("the first moved the end out of the lead").isEqualTo(1);
    }

    @Test
    void no_automatic_extension_once_the_sandbox_lives_to_the_planned_end() throws Exception {
        Run run = f.ready("r_keep2");
        f.runs.update(run.toBuilder().expiresAt(run.plannedEnd()).build());

        f.handle(run.id(), new RunJob.Extend(null));

        assertThat(f.sim.count("POST", "/api/sandbox/extend")).isZero();
    }

    @Test
    void extend_past_max_hours_is_refused_with_an_action_failed_notice_and_no_call_to_giga() throws Exception {
        // Recorded nearly GIGA_MAX_HOURS (8 h) ago: one more extension would take it past the limit.
        Run old = f.insert(f.newAgentRun("r_extend2",
                f.clock.instant().minus(Duration.ofHours(Limits.DEFAULT_MAX_HOURS))));
        f.handle(old.id(), new RunJob.Start());
        f.advance(GigaWorkFixture.PROVISION);
        f.handle(old.id(), new RunJob.Refresh(RunJob.CallbackHint.NONE));
        Run run = f.run(old.id());
        assertThat(run.computer()).isEqualTo(ComputerState.RUNNING);

        f.handle(run.id(), new RunJob.Extend("U2"));

        assertThat(f.sim.count("POST", "/api/sandbox/extend")).isZero();
        assertThat(f.run(run.id()).expiresAt()).isEqualTo(run.expiresAt());
        assertThat(f.notices(run.id(), Notice.ActionFailed.class)).singleElement().satisfies(n -> {
            assertThat(n.action()).isEqualTo(Notice.Action.EXTEND);
            assertThat(n.by()).isEqualTo("U2");
            assertThat(n.text()).contains("GIGA_MAX_HOURS", "8 hours");
        });
        assertThat(f.notices(run.id(), Notice.Extended.class)).isEmpty();
    }

    @Test
    void extend_of_a_computer_that_is_not_running_is_refused_without_asking_giga() throws Exception {
        Run run = f.ready("r_extend3");
        f.handle(run.id(), new RunJob.Stop("U1"));

        f.handle(run.id(), new RunJob.Extend("U2"));

        assertThat(f.sim.count("POST", "/api/sandbox/extend")).isZero();
        assertThat(f.notices(run.id(), Notice.ActionFailed.class)).singleElement().satisfies(n -> {
            assertThat(n.action()).isEqualTo(Notice.Action.EXTEND);
            assertThat(n.text()).contains("not running");
        });
    }

    // ---- follow-up ----------------------------------------------------------------------------------------

    @Test
    void follow_up_sends_one_run_to_the_agent_s_session_and_tells_the_thread() throws Exception {
        Run run = f.ready("r_follow1");

        f.handle(run.id(), new RunJob.FollowUp("U2", "Also add a chart"));

        assertThat(f.sim.count("POST", "/api/sessions/" + run.threadId() + "/runs")).isEqualTo(1);
        assertThat(f.sim.requests("POST", "/api/sessions/" + run.threadId() + "/runs").get(0).body())
                .contains("Also add a chart");
        assertThat(f.deployment(run).runStatuses()).hasSize(2);
        assertThat(f.notices(run.id(), Notice.FollowUpSent.class))
                .containsExactly(new Notice.FollowUpSent("U2", "Also add a chart"));
        assertThat(f.storedJobs(run.id())).filteredOn(j -> j.kind().equals("thread"))
                .anySatisfy(j -> assertThat(j.payload()).contains("\"notice\":\"followup\""));
    }

    @Test
    void follow_up_whose_outcome_is_unknown_is_not_repeated() throws Exception {
        Run run = f.ready("r_follow2");
        // Giga takes the message, but the answer never comes back.
        f.sim.faults().on("POST", "/api/sessions/.*/runs").dropAfterAction();

        f.handle(run.id(), new RunJob.FollowUp("U2", "Also add a chart"));

        assertThat(f.sim.count("POST", "/api/sessions/" + run.threadId() + "/runs")).isEqualTo(1);
        assertThat(f.deployment(run).runStatuses()).as("the message did reach the agent").hasSize(2);
        assertThat(f.notices(run.id(), Notice.FollowUpSent.class)).isEmpty();
        assertThat(f.notices(run.id(), Notice.ActionFailed.class)).singleElement().satisfies(n -> {
            assertThat(n.action()).isEqualTo(Notice.Action.FOLLOW_UP);
            assertThat(n.by()).isEqualTo("U2");
        });
    }

    @Test
    void follow_up_giga_refuses_for_now_is_thrown_to_be_retried() throws Exception {
        Run run = f.ready("r_follow3");
        f.sim.faults().on("POST", "/api/sessions/.*/runs").rateLimited(Duration.ofSeconds(5));

        assertThatThrownBy(() -> f.handle(run.id(), new RunJob.FollowUp("U2", "Also add a chart")))
                .isInstanceOfSatisfying(GigaApiException.class, e -> assertThat(e.isRateLimited()).isTrue());

        assertThat(f.deployment(run).runStatuses()).hasSize(1);
        assertThat(f.notices(run.id(), Notice.FollowUpSent.class)).isEmpty();
        assertThat(f.notices(run.id(), Notice.ActionFailed.class)).isEmpty();
    }

    @Test
    void follow_up_to_a_computer_that_stopped_is_refused_without_asking_giga() throws Exception {
        Run run = f.ready("r_follow4");
        f.handle(run.id(), new RunJob.Stop("U1"));

        f.handle(run.id(), new RunJob.FollowUp("U2", "Also add a chart"));

        assertThat(f.sim.count("POST", "/api/sessions/" + run.threadId() + "/runs")).isZero();
        assertThat(f.notices(run.id(), Notice.ActionFailed.class)).singleElement()
                .satisfies(n -> assertThat(n.action()).isEqualTo(Notice.Action.FOLLOW_UP));
    }

    // ---- refresh ------------------------------------------------------------------------------------------

    @Test
    void refresh_with_a_completed_hint_after_the_agent_finished_records_the_outcome() throws Exception {
        Run run = f.ready("r_refresh1");
        f.advance(AGENT);

        f.handle(run.id(), new RunJob.Refresh(RunJob.CallbackHint.COMPLETED));

        assertThat(f.sim.count("GET", "/api/sessions/" + run.threadId())).isGreaterThanOrEqualTo(1);
        Run after = f.run(run.id());
        assertThat(after.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(after.finalAnswer()).isEqualTo("Done: saved report.txt");
        assertThat(after.computer()).isEqualTo(ComputerState.RUNNING);
        assertThat(f.milestones(run.id())).containsExactly(Milestone.DESKTOP_READY, Milestone.AGENT_SUCCEEDED);
        assertThat(f.count("results", run.id())).isEqualTo(1);
        assertThat(f.notices(run.id(), Notice.ComputerStillRuns.class)).hasSize(1);
    }

    @Test
    void refresh_believes_a_failure_hint_while_giga_s_session_has_not_ended() throws Exception {
        Run run = f.ready("r_refresh2");

        f.handle(run.id(), new RunJob.Refresh(RunJob.CallbackHint.FAILED));

        Run after = f.run(run.id());
        assertThat(after.status()).isEqualTo(RunStatus.FAILED);
        assertThat(after.failureReason()).isEqualTo("Giga reported that the agent's run failed.");
        assertThat(f.milestones(run.id())).containsExactly(Milestone.DESKTOP_READY, Milestone.AGENT_FAILED);
    }

    @Test
    void refresh_prefers_giga_s_session_to_the_callback_s_hint() throws Exception {
        Run run = f.ready("r_refresh3");
        f.advance(AGENT);

        f.handle(run.id(), new RunJob.Refresh(RunJob.CallbackHint.FAILED));

        assertThat(f.run(run.id()).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(f.milestones(run.id())).containsExactly(Milestone.DESKTOP_READY, Milestone.AGENT_SUCCEEDED);
    }

    // ---- results ------------------------------------------------------------------------------------------

    @Test
    void collecting_results_enqueues_one_file_job_per_output_file_and_one_files_posted_notice() throws Exception {
        Run run = f.ready("r_files1");
        f.sim.putDesktopFile(run.deploymentId(), "chart.png", new byte[1234]);
        f.advance(AGENT);
        f.handle(run.id(), new RunJob.Refresh(RunJob.CallbackHint.COMPLETED));
        long report = ("Result of the task: " + PROMPT + "\n").getBytes(StandardCharsets.UTF_8).length;

        f.handle(run.id(), new RunJob.CollectResults());

        assertThat(f.sim.count("POST", "/api/deployments/" + run.deploymentId() + "/files/pull")).isEqualTo(1);
        assertThat(f.count("file", run.id())).isEqualTo(2);
        assertThat(f.enqueued(run.id())).filteredOn(j -> j instanceof RunJob.ShareFile)
                .map(j -> (RunJob.ShareFile) j)
                .extracting(RunJob.ShareFile::name, RunJob.ShareFile::size)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("chart.png", 1234L),
                        org.assertj.core.groups.Tuple.tuple("report.txt", report));
        assertThat(f.enqueued(run.id())).filteredOn(j -> j instanceof RunJob.ShareFile)
                .allSatisfy(j -> assertThat(((RunJob.ShareFile) j).fileId()).isNotBlank());
        assertThat(f.notices(run.id(), Notice.FilesPosted.class)).singleElement()
                .satisfies(n -> assertThat(n.files()).containsExactlyInAnyOrder(
                        new Notice.OutputFile("chart.png", 1234), new Notice.OutputFile("report.txt", report)));
    }

    @Test
    void collecting_results_of_a_computer_without_output_files_enqueues_nothing() throws Exception {
        Run run = f.insert(f.newDesktopRun("r_files2"));
        f.handle(run.id(), new RunJob.Start());
        f.advance(GigaWorkFixture.PROVISION);
        f.handle(run.id(), new RunJob.Refresh(RunJob.CallbackHint.NONE));
        long before = f.totalJobs(run.id());

        f.handle(run.id(), new RunJob.CollectResults());

        assertThat(f.sim.count("GET", "/api/files")).isEqualTo(1);
        assertThat(f.totalJobs(run.id())).isEqualTo(before);
    }

    // ---- missing run --------------------------------------------------------------------------------------

    @Test
    void job_for_a_missing_run_gives_up() {
        assertThatThrownBy(() -> f.handle("r_nope", new RunJob.Start())).isInstanceOf(GiveUp.class)
                .hasMessageContaining("r_nope");
        assertThatThrownBy(() -> f.handle(null, new RunJob.Stop("U2"))).isInstanceOf(GiveUp.class);
        assertThat(f.gigaRequests()).isZero();
    }
}
