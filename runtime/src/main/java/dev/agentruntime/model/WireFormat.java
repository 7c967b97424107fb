package dev.agentruntime.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;

/**
 * One model API dialect the scripted server speaks (OpenAI Chat Completions now; Responses and Anthropic
 * Messages come with the real agent CLIs). A format renders an agent-neutral {@link ModelScript.Turn} as that
 * API's streaming response.
 */
public interface WireFormat {
    /** Request path it serves, e.g. {@code /v1/chat/completions}. */
    String path();

    /**
     * Writes the SSE events of one turn.
     *
     * @param turn  the turn rendered for the requesting agent
     * @param usage {input, output, cached} tokens to report
     */
    void stream(ToolDialect.RenderedTurn turn, JsonNode request, int turnNumber, int[] usage, SseSink sink) throws IOException;

    /** Whether this request is an agent's side request (e.g. a title) that must not consume a scripted turn. */
    default boolean isSideRequest(JsonNode request) {
        return !request.has("tools") || request.path("tools").isEmpty();
    }

    /** Body of an HTTP error answer in this API's error shape. */
    /**
     * How many model answers the request's conversation already holds: runs of assistant items in {@code messages}
     * (Chat Completions, Anthropic) or {@code input} (Responses).
     */
    static int answeredTurns(JsonNode request) {
        JsonNode items = request.has("messages") ? request.get("messages") : request.path("input");
        int runs = 0;
        boolean inAnswer = false;
        for (JsonNode item : items) {
            String type = item.path("type").asText();
            boolean answer = item.path("role").asText().equals("assistant") || type.equals("function_call")
                    || type.equals("custom_tool_call") || type.equals("reasoning");
            if (answer && !inAnswer) runs++;
            inAnswer = answer;
        }
        return runs;
    }

    String errorBody(int status, String message);

    /** Receives SSE events; the server decides when a fault interrupts them. */
    interface SseSink {
        void event(String eventName, String data) throws IOException;

        /** A raw line that is not valid JSON, for malformed-chunk faults. */
        void raw(String line) throws IOException;

        OutputStream stream();
    }
}
