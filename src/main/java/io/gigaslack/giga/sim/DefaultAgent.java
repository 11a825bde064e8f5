package io.gigaslack.giga.sim;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The default simulated agent. A run fails if its user prompt contains {@link #DEFAULT_FAIL_MARKER}
 * (or if the default outcome is failure); otherwise it completes, answers "Done: saved NAME" and leaves
 * one output file on the Desktop: the first file name mentioned in the user or goal prompt (e.g.
 * {@code pricing.txt}), else {@code result.txt}. Extra files (e.g. a large one for size-limit tests) can
 * be added with {@link #withExtraFile(String, byte[])}. When files were given to it (uploaded and synced onto the
 * Desktop), its answer names them. Immutable.
 */
public final class DefaultAgent implements Agent {

    public static final String DEFAULT_FAIL_MARKER = "[fail]";
    public static final String DEFAULT_FILE_NAME = "result.txt";

    private static final Pattern FILE_NAME = Pattern.compile(
            "(?i)\\b([A-Za-z0-9][A-Za-z0-9_-]*\\.(txt|csv|md|json|html|xml|yaml|yml|pdf|png|jpg|jpeg|xlsx|docx|log|py|sh|zip))\\b");

    private final boolean completeByDefault;
    private final String failMarker;
    private final String answer;
    private final Map<String, byte[]> extraFiles;

    public DefaultAgent() {
        this(true, DEFAULT_FAIL_MARKER, null, Map.of());
    }

    private DefaultAgent(boolean completeByDefault, String failMarker, String answer, Map<String, byte[]> extraFiles) {
        this.completeByDefault = completeByDefault;
        this.failMarker = failMarker;
        this.answer = answer;
        this.extraFiles = extraFiles;
    }

    /** Every run fails (unless {@code completed} is true, the default). */
    public DefaultAgent withDefaultOutcome(boolean completed) {
        return new DefaultAgent(completed, failMarker, answer, extraFiles);
    }

    /** Runs whose user prompt contains this marker fail; null disables the rule. */
    public DefaultAgent withFailMarker(String marker) {
        return new DefaultAgent(completeByDefault, marker, answer, extraFiles);
    }

    /** A fixed final answer for completed runs instead of "Done: saved NAME". */
    public DefaultAgent withAnswer(String fixedAnswer) {
        return new DefaultAgent(completeByDefault, failMarker, fixedAnswer, extraFiles);
    }

    /** One more file the agent leaves on the Desktop when it completes. */
    public DefaultAgent withExtraFile(String name, byte[] content) {
        Map<String, byte[]> files = new LinkedHashMap<>(extraFiles);
        files.put(Objects.requireNonNull(name), content.clone());
        return new DefaultAgent(completeByDefault, failMarker, answer, Collections.unmodifiableMap(files));
    }

    @Override
    public AgentResult finish(AgentTask task) {
        boolean fails = !completeByDefault
                || (failMarker != null && task.userPrompt() != null && task.userPrompt().contains(failMarker));
        if (fails) {
            return AgentResult.failed("Failed: the agent could not complete the task.");
        }
        String fileName = outputFileName(task);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(fileName, ("Result of the task: " + task.userPrompt() + "\n").getBytes(StandardCharsets.UTF_8));
        files.putAll(extraFiles);
        String said = answer != null ? answer : "Done: saved " + fileName;
        if (!task.givenFiles().isEmpty()) {
            // So that a local trial shows the files it was given reached the computer.
            said += " (files given to me on the Desktop: " + String.join(", ", task.givenFiles()) + ")";
        }
        return AgentResult.completed(said, files);
    }

    /** "Read the task", the work in between, and "Save NAME" with the file it will leave (one step: only that). */
    @Override
    public List<String> steps(AgentTask task, int count) {
        List<String> titles = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            if (i == count) {
                titles.add("Save " + outputFileName(task) + " on the Desktop");
            } else if (i == 1) {
                titles.add("Read the task and open the browser");
            } else {
                titles.add("Work on the task (" + (i - 1) + " of " + (count - 2) + ")");
            }
        }
        return titles;
    }

    static String outputFileName(AgentTask task) {
        for (String text : new String[] {task.userPrompt(), task.goalPrompt()}) {
            if (text == null) {
                continue;
            }
            Matcher m = FILE_NAME.matcher(text);
            if (m.find()) {
                return m.group(1);
            }
        }
        return DEFAULT_FILE_NAME;
    }
}
