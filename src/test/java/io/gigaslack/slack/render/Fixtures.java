package io.gigaslack.slack.render;

import io.gigaslack.runs.ComputerState;
import io.gigaslack.runs.Platform;
import io.gigaslack.runs.Run;
import io.gigaslack.runs.RunKind;
import io.gigaslack.runs.RunParams;
import io.gigaslack.runs.RunStatus;
import io.gigaslack.runs.StartTries;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Fixed time, platforms and runs so rendered output is deterministic. */
final class Fixtures {
    static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    static final Instant CREATED = NOW.minus(Duration.ofMinutes(65));
    static final List<Platform> PLATFORMS = List.of(new Platform("giga-standard", 60), new Platform("giga-large", 180));
    static final String TEMPLATE = "https://viewer.example/?url={vncUrlEncoded}&id={deploymentId}";
    static final RenderContext CTX = RenderContext.of(NOW, PLATFORMS, TEMPLATE, false);
    static final RenderContext CTX_NO_VIEWER = RenderContext.of(NOW, PLATFORMS, "", false);
    static final RenderContext CTX_AUTO_STOP = RenderContext.of(NOW, PLATFORMS, TEMPLATE, true);
    /** The app's own viewer (PUBLIC_URL set, no template) and screenshots on. */
    static final RenderContext CTX_BUILT_IN_VIEWER = RenderContext.of(NOW, PLATFORMS, "", false).withDesktop(true, true);
    static final String TASK = "Find the pricing on example.com & save it to pricing.txt <!channel>";

    private Fixtures() {}

    static Run pending() {
        return Run.requested("r_7f3a", "T1", "C1", "U111", RunKind.AGENT,
                new RunParams("giga-standard", 2, TASK, "", "", "Pricing check"), "gs-r_7f3a", "hash", CREATED);
    }

    static Run provisioning() {
        return pending().toBuilder().deploymentId("dep_42").threadId("th_1").status(RunStatus.PROVISIONING)
                .computer(ComputerState.PROVISIONING).rootTs("1700000000.000100").build();
    }

    static Run running() {
        return provisioning().toBuilder().sandboxId("sb_9").vncUrl("https://vnc.giga.example/s/sb_9?token=a&b=c")
                .status(RunStatus.RUNNING).computer(ComputerState.RUNNING).readyAt(CREATED.plusSeconds(300))
                .expiresAt(CREATED.plus(Duration.ofHours(2))).build();
    }

    static Run succeededStillRunning() {
        return running().toBuilder().status(RunStatus.SUCCEEDED).finishedAt(NOW.minusSeconds(120))
                .finalAnswer("The Pro plan costs $49/month & the Team plan $99/month.\nSaved to pricing.txt.").build();
    }

    static Run succeededStopped() {
        return succeededStillRunning().toBuilder().computer(ComputerState.STOPPED).computerEndedAt(NOW.minusSeconds(60))
                .build();
    }

    /** Giga turned the start away twice: the card says what it answered, when, and when the next try is. */
    static Run startRetrying() {
        return pending().toBuilder().startTries(new StartTries(2, "Giga answered 503 Service Unavailable",
                NOW.minusSeconds(4), NOW.plusSeconds(2))).build();
    }

    /** As {@link #startRetrying()}, with the third request under way. */
    static Run startRetryingNow() {
        return startRetrying().toBuilder().startTries(startRetrying().startTries().sending()).build();
    }

    /** Every allowed request was turned away, the last one by a proxy's error page; one check is left. */
    static Run startLastCheck() {
        return pending().toBuilder().startTries(new StartTries(StartTries.MAX_REQUESTS, "Giga's address answered 502"
                + " Bad Gateway with an error page (from a proxy in front of Giga, not from Giga itself)",
                NOW.minusSeconds(10), NOW.plusSeconds(20))).build();
    }

    static Run startFailed() {
        return pending().toBuilder().status(RunStatus.FAILED).failureReason("Insufficient credits: 12 left, 60 needed.")
                .finishedAt(CREATED.plusSeconds(3)).build();
    }

    static Run agentFailed() {
        return running().toBuilder().status(RunStatus.FAILED).failureReason("The site blocked the browser.")
                .finishedAt(NOW.minusSeconds(30)).computer(ComputerState.TERMINATED).computerEndedAt(NOW.minusSeconds(10))
                .build();
    }

    static Run stoppedByUser() {
        return running().toBuilder().stoppedBy("U222").status(RunStatus.STOPPED).computer(ComputerState.STOPPED)
                .finishedAt(NOW.minusSeconds(5)).computerEndedAt(NOW.minusSeconds(5)).build();
    }

    static Run expired() {
        Instant expires = NOW.minusSeconds(30);
        return running().toBuilder().expiresAt(expires).status(RunStatus.STOPPED).computer(ComputerState.TERMINATED)
                .finishedAt(expires).computerEndedAt(expires).build();
    }

    static Run stopRequested() {
        return running().toBuilder().stoppedBy("U222").build();
    }

    static Run desktopRunning() {
        Run r = Run.requested("r_d001", "T1", "C1", "U111", RunKind.DESKTOP,
                new RunParams("giga-large", 4, "", "", "", ""), "gs-r_d001", "hash", CREATED);
        return r.toBuilder().deploymentId("dep_77").status(RunStatus.RUNNING).computer(ComputerState.RUNNING)
                .vncUrl("https://vnc.giga.example/s/sb_77").readyAt(CREATED.plusSeconds(200))
                .expiresAt(CREATED.plus(Duration.ofHours(4))).build();
    }

    /** {@code n} runs of mixed states, created a minute apart (oldest first). */
    static List<Run> many(int n) {
        List<Run> all = List.of(running(), succeededStopped(), startFailed(), desktopRunning(), agentFailed());
        List<Run> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Run base = all.get(i % all.size());
            Run r = new Run("r_" + i, base.teamId(), base.channelId(), base.rootTs(), base.requesterId(), base.kind(),
                    base.params(), base.nameTag(), base.deploymentId(), base.threadId(), base.sandboxId(),
                    base.vncUrl(), base.status(), base.computer(), base.finalAnswer(), base.failureReason(),
                    base.stoppedBy(), base.callbackTokenHash(), CREATED.plusSeconds(60L * i), base.updatedAt(),
                    base.readyAt(), base.finishedAt(), base.computerEndedAt(), base.expiresAt(), base.remindedFor(), base.extendedTo(),
                    base.creditsPerHour(), base.autoStopAt(), base.keptBy(), base.startTries(), base.version());
            out.add(r);
        }
        return out;
    }

    /** An agent's progress: a step done, one failed with its reason, one under way and one pending (or all settled). */
    static io.gigaslack.runs.AgentProgress progress(boolean finished) {
        var done = io.gigaslack.runs.AgentProgress.State.DONE;
        java.util.List<io.gigaslack.runs.AgentProgress.Step> steps = java.util.List.of(
                new io.gigaslack.runs.AgentProgress.Step("a", "Open example.com", done, null),
                new io.gigaslack.runs.AgentProgress.Step("b", "Log in <as guest>", io.gigaslack.runs.AgentProgress.State.FAILED,
                        "The page asked for a password"),
                new io.gigaslack.runs.AgentProgress.Step("c", "Read the pricing table",
                        finished ? done : io.gigaslack.runs.AgentProgress.State.IN_PROGRESS, null),
                new io.gigaslack.runs.AgentProgress.Step("d", "Save pricing.txt",
                        finished ? done : io.gigaslack.runs.AgentProgress.State.PENDING, null));
        return new io.gigaslack.runs.AgentProgress(steps);
    }
}
