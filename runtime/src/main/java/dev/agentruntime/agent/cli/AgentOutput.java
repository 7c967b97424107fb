package dev.agentruntime.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentruntime.agent.ToolKind;

/**
 * Turns one agent CLI's own JSON output lines into the runtime's agent-neutral events. One instance per agent
 * process (mappers may keep state, e.g. to pair a tool call with its result).
 */
interface AgentOutput {
    void map(JsonNode line, Sink sink);

    /** What a mapper reports; {@link CliAgent} turns it into events and bookkeeping. */
    interface Sink {
        void assistantMessage(String text);

        void toolCall(String callId, String name, ToolKind kind, JsonNode arguments);

        void toolResult(String callId, String name, boolean ok, Integer exitCode, String output);

        /** Usage as the agent itself reports it (cross-checked against the gateway). */
        void usage(long input, long output, long cached, Double costUsd);

        void session(String id);

        void error(String message);

        /** Anything else worth keeping, as {@code agent.<type>}. */
        void other(String type, ObjectNode data);
    }
}
