package io.gigaslack.slack.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gigaslack.engine.GiveUp;
import io.gigaslack.engine.Postpone;
import io.gigaslack.engine.RetryLater;
import io.gigaslack.giga.CreateDeploymentRequest;
import io.gigaslack.giga.GigaClient;
import io.gigaslack.giga.GigaClientConfig;
import io.gigaslack.giga.GigaFile;
import io.gigaslack.giga.Sleeper;
import io.gigaslack.gigawork.SharedRequestBudgets;
import io.gigaslack.giga.sim.GigaSimulator;
import io.gigaslack.runs.ComputerState;
import io.gigaslack.runs.Notice;
import io.gigaslack.runs.Platform;
import io.gigaslack.runs.Run;
import io.gigaslack.runs.RunKind;
import io.gigaslack.runs.RunParams;
import io.gigaslack.runs.RunStatus;
import io.gigaslack.runs.Signal;
import io.gigaslack.service.JobCodec;
import io.gigaslack.service.JobWriter;
import io.gigaslack.service.RunJob;
import io.gigaslack.service.RunSettings;
import io.gigaslack.service.RunUpdater;
import io.gigaslack.slack.RenderContexts;
import io.gigaslack.slack.render.Responses;
import io.gigaslack.slack.render.RunCard;
import io.gigaslack.slack.render.ThreadMessages;
import io.gigaslack.slack.web.SlackWebGateway;
import io.gigaslack.store.Database;
import io.gigaslack.store.Job;
import io.gigaslack.store.JobQueue;
import io.gigaslack.store.RunRepository;
import io.gigaslack.testing.FakeSlack;
import io.gigaslack.testing.SettableClock;
import io.gigaslack.testing.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Slack outbox, job by job, against the fake Slack Web API over real HTTP, the Giga simulator (for output files)
 * and an in-memory H2 holding the runs and the job queue. Each test enqueues a job, claims it as the worker would,
 * and hands it to {@link SlackRelay#handle} directly; what the worker does with the outcome (retry, postpone, give up)
 * is played by hand where a test needs a second attempt.
 */
class SlackRelayTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OWNER = "owner";
    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final Duration SLACK_TIMEOUT = Duration.ofSeconds(5);
    private static final long MAX_FILE_BYTES = 1024;
    private static final RunSettings SETTINGS = new RunSettings(
            Map.of("giga-standard", new Platform("giga-standard", 60)), "giga-standard", 2, "", "", null,
            "https://viewer.example/?url={vncUrlEncoded}");

    /** One HTTP client for the whole class, as the app has one for its whole life. */
    private static OkHttpClient http;
    private static GigaSimulator sim;

    private FakeSlack slack;
    private Database db;
    private SettableClock clock;
    private RunRepository runs;
    private JobQueue queue;
    private JobWriter writer;
    private RunUpdater updater;
    private RenderContexts contexts;
    private GigaClient giga;
    /** The workspaces without a Giga account (never connected, or removed): their output files have no client. */
    private final Set<String> withoutGiga = new HashSet<>();
    private SlackRelay relay;
    private final AtomicInteger nudges = new AtomicInteger();
    private int runSeq;

    @BeforeAll
    static void startShared() {
        http = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(5)).readTimeout(SLACK_TIMEOUT)
                .callTimeout(SLACK_TIMEOUT).build();
        sim = GigaSimulator.builder().build().start();
    }

    @AfterAll
    static void stopShared() {
        sim.close();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    @BeforeEach
    void setUp() {
        slack = new FakeSlack();
        db = TestDatabases.h2();
        // Near the wall clock: the fake stamps messages with it, and a read-back looks around the recorded time.
        clock = new SettableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        runs = new RunRepository(db.jdbc());
        queue = new JobQueue(db.jdbc());
        writer = new JobWriter(queue, clock);
        updater = new RunUpdater(db.jdbc(), runs, writer, clock, null, () -> { });
        contexts = new RenderContexts(SETTINGS, clock);
        // As GigaSlackApp builds it: the shared client, the key's 60-a-minute budget keeping a sixth for user actions.
        giga = new GigaClient(GigaClientConfig.of(sim.baseUrl(), sim.apiKey()), http,
                new SharedRequestBudgets(db.jdbc(), 60, 10, clock, Sleeper.system()).forKey(sim.apiKey()), clock,
                Sleeper.system(), new Random(7));
        SlackWebGateway gateway = new SlackWebGateway(slack.apiUrl(), "xoxb-test", http);
        relay = new SlackRelay(gateway, runs, updater, queue, db.jdbc(),
                team -> withoutGiga.contains(team) ? Optional.empty() : Optional.of(giga.background()), clock, contexts,
                MAX_FILE_BYTES, nudges::incrementAndGet, SLACK_TIMEOUT);
    }

    @AfterEach
    void tearDown() {
        slack.close();
        db.close();
    }

    // ---- the status card ----

    @Test
    void the_first_card_job_posts_the_card_in_the_channel_records_its_ts_and_queues_the_start() {
        Run run = newRun("C1");

        handleAndComplete(run.id(), new RunJob.PostCard(slack.responseUrl()));

        List<FakeSlack.Message> cards = slack.rootMessages("C1");
        assertThat(cards).as("cards in the channel").hasSize(1);
        FakeSlack.Message card = cards.get(0);
        assertThat(card.threadTs()).as("in the channel, not in a thread").isNull();
        assertThat(json(card.blocks())).isEqualTo(RunCard.render(run, contexts.apply(clock.instant())).get("blocks"));
        assertThat(card.metadata()).as("carries the run for a read-back").contains(run.id());
        assertThat(stored(run).rootTs()).as("ts recorded on the run").isEqualTo(card.ts());
        Job start = queue.claimNext(JobQueue.GIGA, OWNER, LEASE, clock.instant()).orElseThrow();
        assertThat(start.kind()).isEqualTo(JobCodec.encode(new RunJob.Start()).kind());
        assertThat(start.runId()).isEqualTo(run.id());
        assertThat(nudges).as("workers nudged for the start").hasValue(1);
        assertThat(slack.responses()).as("nothing said at the response_url").isEmpty();
    }

    @Test
    void a_card_for_a_persons_dm_with_the_app_takes_the_dms_id_so_that_it_can_be_edited() {
        Run run = postedRun("U1");
        String dm = FakeSlack.appDm("U1");
        assertThat(stored(run).channelId()).as("the DM's id, as Slack answered the post").isEqualTo(dm);
        updater.apply(run.id(), new Signal.StartConfirmed("dep_1", "th_1", null, null)); // queues a card edit
        clock.advance(SlackRelay.CARD_PACE);

        handle(claim(RunJob.PostCard.EDIT));

        assertThat(slack.calls("chat.update")).singleElement().satisfies(c -> assertThat(c.param("channel"))
                .isEqualTo(dm));
        assertThat(slack.message(dm, run.rootTs()).blocks()).contains("dep_1");
    }

    @Test
    void a_later_card_job_edits_the_card_in_place_showing_the_runs_current_state() {
        Run run = postedRun("C1");
        String firstBlocks = slack.message("C1", run.rootTs()).blocks();
        updater.apply(run.id(), new Signal.StartConfirmed("dep_1", "th_1", null, null)); // queues a card edit
        clock.advance(SlackRelay.CARD_PACE); // past the pace between card edits, so the relay does not wait

        handle(claim(RunJob.PostCard.EDIT));

        assertThat(slack.rootMessages("C1")).as("still one card").hasSize(1);
        assertThat(slack.calls("chat.postMessage")).as("nothing posted").isEmpty();
        assertThat(slack.calls("chat.update")).singleElement()
                .satisfies(c -> assertThat(c.param("ts")).isEqualTo(run.rootTs()))
                .satisfies(c -> assertThat(c.param("channel")).isEqualTo("C1"));
        FakeSlack.Message card = slack.message("C1", run.rootTs());
        assertThat(card.edits()).hasSize(1);
        Run now = stored(run);
        assertThat(now.status()).isEqualTo(RunStatus.PROVISIONING);
        assertThat(json(card.blocks())).as("the run as it is now")
                .isEqualTo(RunCard.render(now, contexts.apply(clock.instant())).get("blocks"))
                .isNotEqualTo(json(firstBlocks));
    }

    @Test
    void a_card_for_a_run_that_ended_before_its_card_was_posted_posts_nothing() {
        Run run = newRun("C1");
        Job job = enqueueAndClaim(run.id(), new RunJob.PostCard(null));
        updater.apply(run.id(), new Signal.StartRefused("Insufficient credits.")); // ends it meanwhile

        handle(job);

        assertThat(slack.calls()).as("no Slack call at all").isEmpty();
        assertThat(stored(run).rootTs()).isNull();
        assertThat(queue.depth(JobQueue.GIGA)).as("nothing to start").isZero();
        assertThat(nudges).hasValue(0);
    }

    @Test
    void not_in_a_public_channel_the_bot_joins_it_and_posts_the_card() {
        slack.botNotInChannels();
        Run run = newRun("C1");

        handleAndComplete(run.id(), new RunJob.PostCard(slack.responseUrl()));

        assertThat(slack.calls("conversations.join")).singleElement()
                .satisfies(c -> assertThat(c.param("channel")).isEqualTo("C1"));
        assertThat(slack.calls("chat.postMessage")).as("refused, then posted after joining").hasSize(2);
        assertThat(slack.rootMessages("C1")).hasSize(1);
        assertThat(stored(run).rootTs()).isEqualTo(slack.rootMessages("C1").get(0).ts());
        assertThat(stored(run).status()).isEqualTo(RunStatus.PENDING);
        assertThat(queue.depth(JobQueue.GIGA)).as("start queued").isEqualTo(1);
        assertThat(slack.responses()).isEmpty();
    }

    @Test
    void not_in_a_channel_it_cannot_join_tells_the_requester_at_the_response_url_and_refuses_the_run() {
        slack.botNotInChannels().privateChannel("G1");
        Run run = newRun("G1");

        handleAndComplete(run.id(), new RunJob.PostCard(slack.responseUrl()));

        assertThat(slack.calls("conversations.join")).hasSize(1);
        assertThat(slack.responses()).singleElement().satisfies(body -> {
            JsonNode r = json(body);
            assertThat(r.path("text").asText()).isEqualTo(Responses.notInChannel().get("text").asText());
            assertThat(r.path("response_type").asText()).isEqualTo("ephemeral");
        });
        assertRefusedWithoutCard(run);
    }

    @Test
    void not_in_a_channel_it_cannot_join_and_without_a_response_url_tells_the_requester_by_dm_and_refuses_the_run() {
        // A post to a person's id goes to their DM with the app, which Slack (and the fake) accepts.
        slack.botNotInChannels().privateChannel("G1");
        Run run = newRun("G1");

        handleAndComplete(run.id(), new RunJob.PostCard(null));

        assertThat(slack.rootMessages("U1")).as("direct message to the requester").singleElement()
                .satisfies(m -> assertThat(m.text()).isEqualTo(Responses.notInChannel().get("text").asText()));
        assertThat(slack.responses()).isEmpty();
        assertRefusedWithoutCard(run);
    }

    // ---- thread notices ----

    @Test
    void a_thread_notice_is_posted_in_the_thread_with_the_rendered_message() {
        Run run = postedRun("C1");
        Notice notice = new Notice.FollowUpSent("U2", "Also check the *footer* <!here>");

        handleAndComplete(run.id(), new RunJob.PostNotice(notice));

        ObjectNode expected = ThreadMessages.notice(run, notice, contexts.apply(clock.instant()), MAX_FILE_BYTES);
        assertThat(slack.thread("C1", run.rootTs())).singleElement().satisfies(m -> {
            assertThat(m.text()).isEqualTo(expected.get("text").asText());
            assertThat(json(m.blocks())).isEqualTo(expected.get("blocks"));
            assertThat(m.metadata()).contains(run.id());
        });
        assertThat(slack.rootMessages("C1")).as("only the card at the top").hasSize(1);
        assertThat(slack.calls("conversations.replies")).as("nothing read back on a first attempt").isEmpty();
    }

    @Test
    void a_computer_still_runs_notice_for_a_computer_no_longer_live_posts_nothing() {
        Run run = postedRun("C1");
        runs.update(stored(run).toBuilder().deploymentId("dep_1").status(RunStatus.SUCCEEDED)
                .computer(ComputerState.STOPPED).finishedAt(clock.instant()).computerEndedAt(clock.instant())
                .build());

        handleAndComplete(run.id(), new RunJob.PostNotice(new Notice.ComputerStillRuns()));

        assertThat(slack.thread("C1", run.rootTs())).isEmpty();
        assertThat(slack.calls()).isEmpty();
    }

    // ---- ephemeral answers ----

    @Test
    void an_ephemeral_job_with_a_response_url_is_answered_there() {
        ObjectNode message = Responses.notInChannel();

        handleAndComplete(null, new RunJob.Ephemeral("T1", "C1", "U1", slack.responseUrl(), message));

        assertThat(slack.responses()).singleElement().satisfies(body -> {
            JsonNode r = json(body);
            assertThat(r.path("text").asText()).isEqualTo(message.get("text").asText());
            assertThat(r.path("blocks")).isEqualTo(message.get("blocks"));
            assertThat(r.path("response_type").asText()).isEqualTo("ephemeral");
        });
        assertThat(slack.calls()).as("no Web API call").isEmpty();
    }

    @Test
    void an_ephemeral_job_without_a_response_url_goes_by_chat_post_ephemeral() {
        ObjectNode message = Responses.notInChannel();

        handleAndComplete(null, new RunJob.Ephemeral("T1", "C1", "U1", null, message));

        assertThat(slack.calls("chat.postEphemeral")).singleElement().satisfies(c -> {
            assertThat(c.param("channel")).isEqualTo("C1");
            assertThat(c.param("user")).isEqualTo("U1");
            assertThat(c.param("text")).isEqualTo(message.get("text").asText());
        });
        assertThat(slack.responses()).isEmpty();
        assertThat(slack.rootMessages("C1")).as("nothing public").isEmpty();
    }

    // ---- failures ----

    @Test
    void a_rate_limit_becomes_retry_later_with_slacks_retry_after() {
        slack.failNext("chat.postMessage", 1, 429, 7);
        Run run = newRun("C1");
        Job job = enqueueAndClaim(run.id(), new RunJob.PostCard(null));

        assertThatThrownBy(() -> handle(job)).isInstanceOfSatisfying(RetryLater.class,
                r -> assertThat(r.after()).isEqualTo(Duration.ofSeconds(7)));

        assertThat(slack.rootMessages("C1")).isEmpty();
        assertThat(stored(run).rootTs()).isNull();
        assertThat(queue.find(job.id()).orElseThrow().progress())
                .as("a refused post did not happen: nothing to look for next time").isNull();
    }

    @Test
    void a_permanent_error_on_a_thread_post_becomes_give_up() {
        Run run = postedRun("C1");
        slack.errorNext("chat.postMessage", 1, "channel_not_found");
        Job job = enqueueAndClaim(run.id(), new RunJob.PostNotice(new Notice.StopRequested("U2")));

        assertThatThrownBy(() -> handle(job)).isInstanceOf(GiveUp.class).hasMessageContaining("channel_not_found");

        assertThat(slack.thread("C1", run.rootTs())).isEmpty();
        assertThat(slack.calls("conversations.join")).as("a thread post does not try to join").isEmpty();
        assertThat(queue.find(job.id()).orElseThrow().progress()).isNull();
    }

    @Test
    void a_lost_answer_then_a_retry_of_the_same_job_does_not_post_twice() {
        Run run = postedRun("C1");
        Duration settle = SlackRelay.postSettle(SLACK_TIMEOUT);
        slack.loseAnswerNext("chat.postMessage", 1);
        RunJob.PostNotice notice = new RunJob.PostNotice(new Notice.StopRequested("U2"));

        // First attempt: Slack posts, but its answer never arrives.
        Job first = enqueueAndClaim(run.id(), notice);
        assertThatThrownBy(() -> handle(first)).isInstanceOf(RetryLater.class);
        assertThat(slack.thread("C1", run.rootTs())).as("Slack holds the post").hasSize(1);
        assertThat(queue.find(first.id()).orElseThrow().progress()).as("post under way recorded").startsWith("post ");
        assertThat(queue.retryLater(first, OWNER, clock.instant(), "lost answer")).isTrue();

        // Second attempt, at once: the post may still land, so it waits for it to settle.
        Job second = claim(notice);
        assertThat(second.id()).isEqualTo(first.id());
        Instant recordedAt = Instant.ofEpochMilli(Long.parseLong(second.progress().split(" ")[1]));
        assertThatThrownBy(() -> handle(second)).isInstanceOfSatisfying(Postpone.class,
                p -> assertThat(p.until()).isEqualTo(recordedAt.plus(settle)));
        assertThat(slack.calls("conversations.replies")).as("not read before it settled").isEmpty();
        assertThat(queue.postpone(second, OWNER, recordedAt.plus(settle))).isTrue();

        // Third attempt, once settled: it reads the thread back, finds the post and is done.
        clock.advance(settle.plusSeconds(1));
        Job third = claim(notice);
        assertThat(third.id()).isEqualTo(first.id());
        handle(third);
        assertThat(queue.complete(third, OWNER)).isTrue();

        assertThat(slack.thread("C1", run.rootTs())).as("posted once").hasSize(1);
        assertThat(slack.calls("chat.postMessage")).as("one post call for the notice").hasSize(1);
        assertThat(slack.calls("conversations.replies")).as("the thread read back once").hasSize(1);
    }

    // ---- output files ----

    @Test
    void a_file_within_the_size_limit_is_uploaded_into_the_thread() {
        Run run = postedRun("C1");
        byte[] content = "the pricing: $49 / $99\n".getBytes(StandardCharsets.UTF_8);
        GigaFile file = gigaFile("pricing.txt", content);
        sim.clearRequests();

        handleAndComplete(run.id(), new RunJob.ShareFile(file.id(), "pricing.txt", content.length));

        List<FakeSlack.FileShare> shares = slack.fileShares("C1", run.rootTs());
        assertThat(shares).hasSize(1);
        String slackFileId = shares.get(0).fileIds().get(0);
        assertThat(slack.uploads()).containsOnlyKeys(slackFileId);
        assertThat(slack.uploads().get(slackFileId)).isEqualTo(content);
        assertThat(slack.calls("files.getUploadURLExternal")).singleElement()
                .satisfies(c -> assertThat(c.param("filename")).isEqualTo("pricing.txt"));
        assertThat(slack.thread("C1", run.rootTs())).as("no message beside the file").isEmpty();
        assertThat(sim.requests("GET", "/api/files/download")).as("download link asked of Giga").singleElement()
                .satisfies(r -> assertThat(r.query()).contains(file.id()));
    }

    @Test
    void a_file_over_the_size_limit_is_announced_as_too_large_without_downloading() {
        Run run = postedRun("C1");
        sim.clearRequests();
        long size = MAX_FILE_BYTES * 5;

        handleAndComplete(run.id(), new RunJob.ShareFile("file_big", "recording.mp4", size));

        ObjectNode expected = ThreadMessages.fileTooLarge(run, "recording.mp4", size, MAX_FILE_BYTES);
        assertThat(slack.thread("C1", run.rootTs())).singleElement()
                .satisfies(m -> assertThat(m.text()).isEqualTo(expected.get("text").asText()));
        assertThat(sim.requests()).as("nothing asked of Giga").isEmpty();
        assertThat(slack.calls("files.getUploadURLExternal")).isEmpty();
        assertThat(slack.uploads()).isEmpty();
    }

    @Test
    void a_file_of_a_workspace_whose_giga_account_was_removed_is_given_up_without_asking_giga() {
        Run run = postedRun("C1");
        GigaFile file = gigaFile("pricing.txt", "$49".getBytes(StandardCharsets.UTF_8));
        withoutGiga.add(run.teamId());
        sim.clearRequests();
        Job job = enqueueAndClaim(run.id(), new RunJob.ShareFile(file.id(), "pricing.txt", 3));

        assertThatThrownBy(() -> handle(job)).isInstanceOf(GiveUp.class)
                .hasMessageContaining("no Giga account connected", "pricing.txt", run.id());

        assertThat(sim.requests()).as("nothing asked of Giga").isEmpty();
        assertThat(slack.uploads()).isEmpty();
    }

    // ---- given up ----

    @Test
    void a_given_up_card_job_ends_a_run_without_a_card_as_refused() {
        Run run = newRun("C1");
        RunJob.PostCard card = new RunJob.PostCard(null);
        Job job = enqueueAndClaim(run.id(), card);

        relay.givenUp(job, card, "abandoned after 8 attempts: chat.postMessage failed: internal_error");

        Run after = stored(run);
        assertThat(after.status()).isEqualTo(RunStatus.FAILED);
        assertThat(after.failureReason()).contains("status card").contains("nothing was started");
        assertThat(queue.depth(JobQueue.GIGA)).as("nothing to start").isZero();
    }

    @Test
    void a_given_up_card_edit_leaves_a_run_that_has_its_card_alone() {
        Run run = postedRun("C1");
        Job job = enqueueAndClaim(run.id(), RunJob.PostCard.EDIT);

        relay.givenUp(job, RunJob.PostCard.EDIT, "abandoned");

        assertThat(stored(run).status()).isEqualTo(RunStatus.PENDING);
        assertThat(stored(run).version()).isEqualTo(run.version());
    }

    // ---- helpers ----

    private Run newRun(String channel) {
        String id = "r_t" + (++runSeq);
        Run run = Run.requested(id, "T1", channel, "U1", RunKind.AGENT,
                new RunParams("giga-standard", 2, "Find the pricing and save it to pricing.txt", "", "", ""),
                "gs-" + id, "hash", clock.instant());
        runs.insert(run);
        return stored(run);
    }

    /** A pending run whose card the relay has posted; the fake's call log and the nudges start afresh. */
    private Run postedRun(String channel) {
        Run run = newRun(channel);
        handleAndComplete(run.id(), new RunJob.PostCard(null));
        Run posted = stored(run);
        assertThat(posted.rootTs()).isNotNull();
        slack.clear();
        nudges.set(0);
        return posted;
    }

    private Run stored(Run run) {
        return runs.findById(run.id()).orElseThrow();
    }

    /** Enqueues {@code job} with the JobWriter and claims it from the slack queue, as the worker would. */
    private Job enqueueAndClaim(String runId, RunJob.SlackJob job) {
        db.jdbc().useTransaction(tx -> writer.add(tx, runId, job));
        return claim(job);
    }

    /** Claims the next due slack job, which must be of {@code like}'s kind. */
    private Job claim(RunJob.SlackJob like) {
        Job job = queue.claimNext(JobQueue.SLACK, OWNER, LEASE, clock.instant()).orElseThrow();
        assertThat(job.kind()).as("claimed job").isEqualTo(JobCodec.encode(like).kind());
        return job;
    }

    /** Hands a claimed job to the relay, typed as the engine types it. */
    private void handle(Job stored) {
        relay.handle(stored, (RunJob.SlackJob) JobCodec.decode(stored));
    }

    private void handleAndComplete(String runId, RunJob.SlackJob job) {
        Job stored = enqueueAndClaim(runId, job);
        handle(stored);
        assertThat(queue.complete(stored, OWNER)).isTrue();
    }

    private void assertRefusedWithoutCard(Run run) {
        Run after = stored(run);
        assertThat(after.status()).as("refused").isEqualTo(RunStatus.FAILED);
        assertThat(after.failureReason()).contains("not in this channel");
        assertThat(after.rootTs()).isNull();
        assertThat(slack.rootMessages(run.channelId())).isEmpty();
        assertThat(queue.depth(JobQueue.GIGA)).as("nothing to start").isZero();
        assertThat(nudges).hasValue(0);
    }

    /** An output file stored in the simulator, on a computer of its own. */
    private GigaFile gigaFile(String name, byte[] content) {
        String deployment = giga.createDeployment(
                new CreateDeploymentRequest("gs-files-" + (++runSeq), "giga-standard", 1)).id();
        return giga.uploadFile(deployment, name, "text/plain", content);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
