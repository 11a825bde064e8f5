package io.gigaslack.slack.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gigaslack.runs.Run;
import io.gigaslack.runs.RunKind;
import java.util.Optional;
import io.gigaslack.runs.ComputerState;

/** The buttons about one run; each carries the run id as its value. */
final class Buttons {
    private Buttons() {}

    static ObjectNode stop(Run run) {
        return confirmed(Blocks.button("Stop", ActionIds.RUN_STOP, run.id(), "danger"));
    }

    /**
     * Stop asks first: work on the computer that was not saved is lost. ("Cancel", not "Keep running": that is a
     * button of its own.)
     */
    private static ObjectNode confirmed(ObjectNode b) {
        b.set("confirm", Blocks.confirm("Stop this computer?",
                "The Giga computer for this run stops, and any work on it that was not saved or posted is lost.",
                "Stop it", "Cancel"));
        return b;
    }

    static ObjectNode extend(Run run, RenderContext ctx) {
        return Blocks.button("Extend +" + ctx.extendMinutes() + " min", ActionIds.RUN_EXTEND, run.id(), null);
    }

    /**
     * "Open desktop": with the built-in viewer a button that sends the presser a personal link (once the desktop has
     * an address); with an operator's viewer template, a link to it.
     */
    static Optional<ObjectNode> openDesktop(Run run, RenderContext ctx) {
        if (ctx.builtInViewer()) {
            return run.vncUrl() == null || run.vncUrl().isBlank() ? Optional.empty()
                    : Optional.of(Blocks.button("Open desktop", ActionIds.RUN_OPEN_DESKTOP, run.id(), "primary"));
        }
        return ctx.desktopUrl(run).map(url -> Blocks.linkButton("Open desktop", ActionIds.RUN_OPEN_DESKTOP, run.id(), url));
    }

    static Optional<ObjectNode> screenshot(Run run, RenderContext ctx) {
        return ctx.screenshots() && run.vncUrl() != null && !run.vncUrl().isBlank()
                ? Optional.of(Blocks.button("Screenshot", ActionIds.RUN_SCREENSHOT, run.id(), null)) : Optional.empty();
    }

    /** Shown while a finished agent's computer waits for its automatic stop. */
    static ObjectNode keepRunning(Run run) {
        return Blocks.button("Keep running", ActionIds.RUN_KEEP, run.id(), "primary");
    }

    /** Stop, worded for a computer that would stop by itself soon. */
    static ObjectNode stopNow(Run run) {
        return confirmed(Blocks.button("Stop now", ActionIds.RUN_STOP, run.id(), "danger"));
    }

    static ObjectNode retry(Run run) {
        return Blocks.button("Retry", ActionIds.RUN_RETRY, run.id(), null);
    }

    static ObjectNode delete(Run run) {
        return Blocks.button("Delete", ActionIds.RUN_DELETE, run.id(), null);
    }

    static ObjectNode status(Run run) {
        return Blocks.button("Status", ActionIds.RUN_STATUS, run.id(), null);
    }

    /**
     * The card's buttons by state: Stop while the computer is live, Extend and Open desktop while it
     * runs, Retry once an agent run has ended.
     */
    static ArrayNode forCard(Run run, RenderContext ctx) {
        ArrayNode e = Blocks.list();
        if (Format.desktopUp(run)) {
            openDesktop(run, ctx).ifPresent(e::add);
            screenshot(run, ctx).ifPresent(e::add);
            e.add(extend(run, ctx));
        }
        if (Format.live(run) && awaitsAutoStop(run)) {
            e.add(keepRunning(run));
        }
        if (Format.live(run)) {
            e.add(stop(run));
        }
        if (run.status().isTerminal() && run.kind() == RunKind.AGENT) {
            e.add(retry(run));
        }
        return e;
    }

    /** Buttons for a run in a list or the Home tab: the card's, plus Status and Delete. */
    static ArrayNode forList(Run run, RenderContext ctx) {
        ArrayNode e = Blocks.list();
        e.add(status(run));
        e.addAll(forCard(run, ctx));
        if (run.deploymentId() != null && run.computer().hasEnded()
                && run.computer() != ComputerState.DELETED) {
            e.add(delete(run));
        }
        return e;
    }

    /** The agent has finished and the app will stop its computer (unless someone keeps it). */
    static boolean awaitsAutoStop(Run run) {
        return run.autoStopAt() != null && run.keptBy() == null && run.status().isTerminal();
    }
}
