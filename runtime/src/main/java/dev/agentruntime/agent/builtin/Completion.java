package dev.agentruntime.agent.builtin;

import java.util.List;

/**
 * One assembled streaming response.
 *
 * @param text         assistant text
 * @param toolCalls    tool calls in index order
 * @param finishReason stop | tool_calls | length | …
 * @param input        prompt tokens reported by the endpoint
 * @param output       completion tokens reported by the endpoint
 * @param cached       prompt tokens served from cache
 * @param millis       request start to end of stream
 */
public record Completion(String text, List<ToolCall> toolCalls, String finishReason, long input, long output,
                         long cached, long millis) {
    /** A tool call with its raw JSON argument string. */
    public record ToolCall(String id, String name, String arguments) {}
}
