package dev.agentruntime.agent;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Decides, before it runs, whether an agent's tool call may run: policy, and a human where policy says ask. May
 * block while a human decides.
 */
public interface ActionGate {
    /** The answer; {@code reason} is told to the agent when denied. */
    record Verdict(boolean allowed, String reason) {}

    Verdict check(String tool, ToolKind kind, JsonNode arguments);

    /**
     * False when this gate allows everything: CLI agents then run headless (their one-shot exec mode), otherwise
     * through their interactive channel so each action is checked before it runs.
     */
    default boolean mayRefuse() {
        return true;
    }

    ActionGate ALLOW_ALL = new ActionGate() {
        @Override
        public Verdict check(String tool, ToolKind kind, JsonNode arguments) {
            return new Verdict(true, null);
        }

        @Override
        public boolean mayRefuse() {
            return false;
        }
    };
}
