package io.gigaslack.slack.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gigaslack.runs.AgentProgress;
import io.gigaslack.runs.Run;
import io.gigaslack.runs.RunStatus;
import io.gigaslack.slack.command.SlackText;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's progress in its run's thread, as pure functions: streamed as Slack's chunk objects (one
 * {@code task_update} per step, then the answer as {@code markdown_text}), or, where streaming is refused, as one
 * message with the same content to edit in place.
 */
public final class ProgressView {
    /** Slack's limits on a task's title and details, and on a markdown chunk. */
    static final int TASK_TITLE_MAX = 256;
    static final int TASK_DETAILS_MAX = 256;
    public static final int MARKDOWN_MAX = 12_000;
    /** Step lines in the edited message at most (a section holds 3,000 characters; the rest are counted). */
    static final int MESSAGE_STEPS_MAX = 40;

    private ProgressView() {}

    /** The task id of the step at {@code index} in the progress: stable, since steps are only ever appended. */
    public static String taskId(int index) {
        return "step-" + (index + 1);
    }

    /** Slack's word for a step's state in a {@code task_update} chunk. */
    static String status(AgentProgress.State state) {
        return switch (state) {
            case PENDING -> "pending";
            case IN_PROGRESS -> "in_progress";
            case DONE -> "complete";
            case FAILED -> "error";
        };
    }

    /** A {@code task_update} chunk for the step at {@code index}. */
    public static ObjectNode taskChunk(int index, AgentProgress.Step step) {
        ObjectNode c = Blocks.JSON.objectNode().put("type", "task_update").put("id", taskId(index))
                .put("title", SlackText.truncate(step.title(), TASK_TITLE_MAX)).put("status", status(step.state()));
        // A follow-up's detail is the agent's answer, which the progress ends with.
        if (step.detail() != null && !step.detail().isBlank() && !step.isFollowUp()) {
            c.put(step.state() == AgentProgress.State.FAILED ? "details" : "output",
                    SlackText.truncate(step.detail(), TASK_DETAILS_MAX));
        }
        return c;
    }

    /** A {@code markdown_text} chunk. */
    public static ObjectNode markdownChunk(String markdown) {
        return Blocks.JSON.objectNode().put("type", "markdown_text")
                .put("text", SlackText.truncate(markdown, MARKDOWN_MAX));
    }

    /** Chunks as the array Slack takes. */
    public static ArrayNode chunks(List<ObjectNode> chunks) {
        ArrayNode a = Blocks.JSON.arrayNode();
        chunks.forEach(a::add);
        return a;
    }

    /**
     * What the progress ends with once the agent is done: its answer, or why it did not finish (as markdown, the
     * agent's words as they are); null while it works.
     */
    public static String ending(Run run) {
        if (run.status() == RunStatus.SUCCEEDED) {
            String answer = run.finalAnswer();
            return answer == null || answer.isBlank() ? "**Done.** The agent finished without a written answer."
                    : "**Done.** " + answer.strip();
        }
        if (run.status() == RunStatus.FAILED) {
            String why = run.failureReason();
            return "**The agent did not finish.**" + (why == null || why.isBlank() ? "" : " " + why.strip());
        }
        if (run.status() == RunStatus.STOPPED) {
            return "**Stopped** before the agent finished.";
        }
        return null;
    }

    /**
     * The progress as one message (the fallback where streaming is refused): each step on a line with its state,
     * then the ending once there is one.
     */
    public static ObjectNode message(Run run, AgentProgress progress) {
        return message(progress, ending(run));
    }

    /** As {@link #message(Run, AgentProgress)}, ending with {@code ending} (null while the agent works). */
    public static ObjectNode message(AgentProgress progress, String ending) {
        List<String> lines = new ArrayList<>();
        List<AgentProgress.Step> steps = progress.steps();
        for (int i = 0; i < steps.size() && i < MESSAGE_STEPS_MAX; i++) {
            AgentProgress.Step s = steps.get(i);
            String line = emoji(s.state()) + " " + SlackText.escapeLine(SlackText.truncate(s.title(), TASK_TITLE_MAX));
            if (s.detail() != null && !s.detail().isBlank() && !s.isFollowUp()) {
                line += " — _" + SlackText.escapeLine(SlackText.truncate(s.detail(), TASK_DETAILS_MAX)) + "_";
            }
            lines.add(line);
        }
        if (steps.size() > MESSAGE_STEPS_MAX) {
            lines.add("… and " + (steps.size() - MESSAGE_STEPS_MAX) + " more steps");
        }
        ArrayNode blocks = Blocks.list();
        blocks.add(Blocks.context(BlockIds.PROGRESS + "_head", ending == null
                ? ":gear: *The agent is working* · its steps as it goes" : ":gear: *What the agent did*"));
        if (!lines.isEmpty()) {
            blocks.add(Blocks.section(BlockIds.PROGRESS + "_steps", String.join("\n", lines)));
        }
        if (ending != null) {
            blocks.add(Blocks.section(BlockIds.PROGRESS + "_end", SlackText.escape(ending.replace("**", "*"))));
        }
        String done = steps.stream().filter(s -> s.state().settled()).count() + " of " + steps.size();
        return Blocks.message(ending != null ? "What the agent did: " + done + " steps"
                : "The agent is working: " + done + " steps done", blocks);
    }

    static String emoji(AgentProgress.State state) {
        return switch (state) {
            case PENDING -> ":white_circle:";
            case IN_PROGRESS -> ":hourglass_flowing_sand:";
            case DONE -> ":white_check_mark:";
            case FAILED -> ":x:";
        };
    }
}
