package io.gigaslack.giga;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an agent's session says about its progress: its steps, in order. The shape of {@code GET
 * /api/sessions/{threadId}} is undocumented, so this reads every plausible one and never fails: a list of steps
 * under {@code thread.steps}, {@code tasks}, {@code plan} or {@code progress} (also inside {@code metadata} or the
 * runs), each an object with a title ({@code title}, {@code name}, {@code description}, {@code text},
 * {@code label}) and a state ({@code status}, {@code state}, or a {@code done}/{@code completed} flag), or a
 * string; and tool calls among the messages ({@code role}/{@code type} {@code tool}, {@code tool_call},
 * {@code function_call}), which count as steps done. Anything else is ignored: a session without steps shows none.
 */
public final class SessionProgress {
    /** The longest title kept (Slack's task titles are short). */
    public static final int MAX_TITLE_CHARS = 150;
    /** The longest detail kept. */
    public static final int MAX_DETAIL_CHARS = 250;
    /** Steps kept per session at most; a runaway plan does not fill the thread. */
    public static final int MAX_STEPS = 200;

    private static final List<String> LIST_KEYS = List.of("steps", "tasks", "plan", "progress", "actions");
    private static final List<String> TOOL_ROLES = List.of("tool", "tool_call", "tool_use", "function_call",
            "function", "action");

    private SessionProgress() {}

    /** The steps of a session's thread object, oldest first, each key once. */
    public static List<AgentStep> steps(JsonNode thread) {
        Map<String, AgentStep> byKey = new LinkedHashMap<>();
        if (thread == null || !thread.isObject()) {
            return List.of();
        }
        collectLists(thread, "", byKey);
        collectLists(thread.path("metadata"), "metadata.", byKey);
        JsonNode runs = thread.path("runs");
        if (runs.isArray()) {
            for (int i = 0; i < runs.size(); i++) {
                collectLists(runs.get(i), "runs." + i + ".", byKey);
            }
        }
        if (byKey.isEmpty()) {
            collectToolMessages(thread.path("messages"), byKey);
        }
        List<AgentStep> out = new ArrayList<>(byKey.values());
        return out.size() > MAX_STEPS ? List.copyOf(out.subList(0, MAX_STEPS)) : List.copyOf(out);
    }

    private static void collectLists(JsonNode node, String where, Map<String, AgentStep> out) {
        if (node == null || !node.isObject()) {
            return;
        }
        for (String key : LIST_KEYS) {
            JsonNode list = node.get(key);
            if (list != null && list.isObject()) {
                list = firstArray(list, "steps", "items", "tasks");
            }
            if (list == null || !list.isArray()) {
                continue;
            }
            for (int i = 0; i < list.size(); i++) {
                AgentStep step = step(list.get(i), where + key + "." + i);
                if (step != null) {
                    out.merge(step.key(), step, AgentStep::advancedTo);
                }
            }
        }
    }

    private static JsonNode firstArray(JsonNode node, String... names) {
        for (String n : names) {
            JsonNode v = node.get(n);
            if (v != null && v.isArray()) {
                return v;
            }
        }
        return null;
    }

    /** One listed step, or null when it says nothing that could be shown. */
    static AgentStep step(JsonNode item, String position) {
        if (item == null || item.isNull()) {
            return null;
        }
        if (item.isTextual()) {
            String title = clip(item.textValue(), MAX_TITLE_CHARS);
            return title == null ? null : new AgentStep(position + ":" + title, title, AgentStep.State.IN_PROGRESS,
                    null);
        }
        if (!item.isObject()) {
            return null;
        }
        String title = clip(Json.text(item, "title", "name", "description", "text", "label", "summary", "content"),
                MAX_TITLE_CHARS);
        if (title == null) {
            return null;
        }
        AgentStep.State state = AgentStep.State.fromWord(Json.text(item, "status", "state", "phase"));
        if (state == null) {
            Boolean done = Json.bool(item, "done");
            if (done == null) {
                done = Json.bool(item, "completed");
            }
            state = done == null ? AgentStep.State.IN_PROGRESS : done ? AgentStep.State.DONE : AgentStep.State.PENDING;
        }
        String id = Json.text(item, "id", "_id", "stepId", "taskId", "key");
        String detail = clip(Json.text(item, "error", "output", "result", "details", "detail"), MAX_DETAIL_CHARS);
        return new AgentStep(id != null ? "id:" + id : position + ":" + title, title, state, detail);
    }

    private static void collectToolMessages(JsonNode messages, Map<String, AgentStep> out) {
        if (!messages.isArray()) {
            return;
        }
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String role = Json.text(m, "role", "type");
            if (role == null || !TOOL_ROLES.contains(role.toLowerCase(Locale.ROOT))) {
                continue;
            }
            String title = clip(Json.text(m, "name", "toolName", "tool", "title", "content"), MAX_TITLE_CHARS);
            if (title == null) {
                continue;
            }
            String id = Json.text(m, "id", "_id", "toolCallId");
            AgentStep.State state = AgentStep.State.fromWord(Json.text(m, "status", "state"));
            out.putIfAbsent(id != null ? "id:" + id : "messages." + i + ":" + title, new AgentStep(
                    id != null ? "id:" + id : "messages." + i + ":" + title, title,
                    state == null ? AgentStep.State.DONE : state, null));
        }
    }

    /** One line of at most {@code max} characters, or null when blank. */
    static String clip(String s, int max) {
        if (s == null) {
            return null;
        }
        String line = s.strip().replaceAll("\\s+", " ");
        if (line.isEmpty()) {
            return null;
        }
        return line.length() <= max ? line : line.substring(0, max - 1) + "…";
    }
}
