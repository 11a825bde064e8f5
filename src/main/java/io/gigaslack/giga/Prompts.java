package io.gigaslack.giga;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * The agent's prompts.
 *
 * @param userPrompt   the task (required)
 * @param goalPrompt   the completion criterion (required)
 * @param systemPrompt extra agent instructions, nullable
 */
public record Prompts(String userPrompt, String goalPrompt, String systemPrompt) {

    public Prompts {
        requireText(userPrompt, "userPrompt");
        requireText(goalPrompt, "goalPrompt");
    }

    public Prompts(String userPrompt, String goalPrompt) {
        this(userPrompt, goalPrompt, null);
    }

    ObjectNode toJson() {
        ObjectNode n = Json.emptyObject();
        n.put("userPrompt", userPrompt);
        n.put("goalPrompt", goalPrompt);
        if (systemPrompt != null) {
            n.put("systemPrompt", systemPrompt);
        }
        return n;
    }

    static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
