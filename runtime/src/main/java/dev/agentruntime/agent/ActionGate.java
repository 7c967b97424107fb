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

    ActionGate ALLOW_ALL = (tool, kind, args) -> new Verdict(true, null);
}
