package io.gigaslack.giga.sim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a simulated run ends: its outcome, the assistant's final answer, and the files it leaves on the
 * sandbox Desktop (visible through the API only after {@code files/pull}).
 */
public record AgentResult(boolean completed, String answer, Map<String, byte[]> desktopFiles) {

    public AgentResult {
        desktopFiles = Collections.unmodifiableMap(new LinkedHashMap<>(desktopFiles));
    }

    public static AgentResult completed(String answer, Map<String, byte[]> desktopFiles) {
        return new AgentResult(true, answer, desktopFiles);
    }

    public static AgentResult failed(String answer) {
        return new AgentResult(false, answer, Map.of());
    }
}
