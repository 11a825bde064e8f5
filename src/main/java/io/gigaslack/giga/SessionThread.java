package io.gigaslack.giga;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Result of {@code GET /api/sessions/{threadId}}: {@code {"thread": {...}}} whose inner shape is undocumented.
 * Keeps the raw thread and reads it leniently.
 *
 * @param thread the raw thread object (never null; an empty object if absent)
 */
public record SessionThread(JsonNode thread) {

    public Optional<String> threadId() {
        return Optional.ofNullable(Json.text(thread, "id", "threadId", "_id"));
    }

    /**
     * The run status, looked for in {@code thread.status}, then the last {@code thread.runs[].status}, then
     * {@code thread.metadata.runStatus}.
     */
    public Optional<String> runStatus() {
        String s = Json.text(thread, "status");
        if (s != null) {
            return Optional.of(s);
        }
        JsonNode runs = thread.path("runs");
        if (runs.isArray()) {
            for (int i = runs.size() - 1; i >= 0; i--) {
                String rs = Json.text(runs.get(i), "status");
                if (rs != null) {
                    return Optional.of(rs);
                }
            }
        }
        return Optional.ofNullable(Json.text(thread.path("metadata"), "runStatus"));
    }

    /**
     * The agent's final answer: the text of the last assistant message in {@code thread.messages[]} (role or
     * type {@code assistant}/{@code ai}; content as a string or an array of {@code {type:"text", text}}
     * parts), else {@code thread.result} or {@code thread.output} when they are strings.
     */
    public Optional<String> finalAnswer() {
        JsonNode messages = thread.path("messages");
        if (messages.isArray()) {
            for (int i = messages.size() - 1; i >= 0; i--) {
                JsonNode m = messages.get(i);
                if (isAssistant(m)) {
                    String text = contentText(m.get("content"));
                    if (text != null && !text.isBlank()) {
                        return Optional.of(text);
                    }
                }
            }
        }
        return Optional.ofNullable(Json.text(thread, "result", "output"));
    }

    /**
     * The texts of the messages people (not the agent) sent in the thread, oldest first, from {@code thread.messages[]}
     * (role or type {@code user}/{@code human}); empty when the thread lists no messages.
     */
    public List<String> userMessages() {
        List<String> out = new ArrayList<>();
        JsonNode messages = thread.path("messages");
        if (messages.isArray()) {
            for (JsonNode m : messages) {
                String role = Json.text(m, "role", "type");
                String r = role == null ? "" : role.toLowerCase(Locale.ROOT);
                if (r.equals("user") || r.equals("human")) {
                    String text = contentText(m.get("content"));
                    if (text != null) {
                        out.add(text);
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    /** Whether the thread lists its messages at all (so that a message missing from it was not sent). */
    public boolean listsMessages() {
        return thread.path("messages").isArray();
    }

    /** The agent's steps, oldest first, read leniently ({@link SessionProgress}); empty when the session lists none. */
    public List<AgentStep> steps() {
        return SessionProgress.steps(thread);
    }

    public Optional<String> sandboxId() {
        return fromMetadata("sandboxId");
    }

    public Optional<String> vncUrl() {
        return fromMetadata("vncUrl");
    }

    /** See {@link SandboxStatus}. */
    public Optional<String> sandboxStatus() {
        return fromMetadata("sandboxStatus");
    }

    private Optional<String> fromMetadata(String key) {
        String v = Json.text(thread.path("metadata"), key);
        return Optional.ofNullable(v != null ? v : Json.text(thread, key));
    }

    private static boolean isAssistant(JsonNode message) {
        String role = Json.text(message, "role", "type");
        if (role == null) {
            return false;
        }
        String r = role.toLowerCase(Locale.ROOT);
        return r.equals("assistant") || r.equals("ai");
    }

    private static String contentText(JsonNode content) {
        if (content == null || content.isNull()) {
            return null;
        }
        if (content.isTextual()) {
            return content.textValue();
        }
        if (content.isArray()) {
            List<String> parts = new ArrayList<>();
            for (JsonNode part : content) {
                if (part.isTextual()) {
                    parts.add(part.textValue());
                } else if (part.isObject() && "text".equals(Json.text(part, "type"))
                        && part.path("text").isTextual()) {
                    parts.add(part.get("text").textValue());
                }
            }
            return parts.isEmpty() ? null : String.join("\n", parts);
        }
        return null;
    }

    static SessionThread fromJson(JsonNode node) {
        JsonNode t = Json.member(node, "thread");
        return new SessionThread(t != null && t.isObject() ? t.deepCopy() : Json.emptyObject());
    }
}
