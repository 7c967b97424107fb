package dev.agentruntime.gateway;

import com.fasterxml.jackson.databind.JsonNode;

/** The model API dialects the gateway forwards, with how each authenticates and reports usage in its stream. */
public enum ModelApi {
    /** OpenAI Chat Completions (OpenCode, the built-in agent). */
    CHAT,
    /** OpenAI Responses (Codex). */
    RESPONSES,
    /** Anthropic Messages (Claude Code). */
    ANTHROPIC;

    /** Header carrying the real key upstream. */
    String authHeader() {
        return this == ANTHROPIC ? "x-api-key" : "Authorization";
    }

    String authValue(String key) {
        return this == ANTHROPIC ? key : "Bearer " + key;
    }

    /**
     * Folds one SSE data object into {@code usage} = {input, output, cached}. Input counts every prompt token,
     * cached ones included.
     */
    void readUsage(JsonNode data, long[] usage) {
        switch (this) {
            case CHAT -> {
                JsonNode u = data.path("usage");
                if (u.isObject()) {
                    usage[0] = u.path("prompt_tokens").asLong(usage[0]);
                    usage[1] = u.path("completion_tokens").asLong(usage[1]);
                    usage[2] = u.path("prompt_tokens_details").path("cached_tokens").asLong(usage[2]);
                }
            }
            case RESPONSES -> {
                if ("response.completed".equals(data.path("type").asText())) {
                    JsonNode u = data.path("response").path("usage");
                    usage[0] = u.path("input_tokens").asLong(usage[0]);
                    usage[1] = u.path("output_tokens").asLong(usage[1]);
                    usage[2] = u.path("input_tokens_details").path("cached_tokens").asLong(usage[2]);
                }
            }
            case ANTHROPIC -> {
                String type = data.path("type").asText();
                if (type.equals("message_start")) {
                    JsonNode u = data.path("message").path("usage");
                    long cached = u.path("cache_read_input_tokens").asLong(0);
                    usage[0] = u.path("input_tokens").asLong(0) + cached + u.path("cache_creation_input_tokens").asLong(0);
                    usage[2] = cached;
                    usage[1] = u.path("output_tokens").asLong(usage[1]);
                } else if (type.equals("message_delta")) {
                    usage[1] = data.path("usage").path("output_tokens").asLong(usage[1]);
                }
            }
        }
    }

    /** An error body in this API's shape, so the agent understands why the gateway refused. */
    String errorBody(int status, String message) {
        var m = dev.agentruntime.common.Json.MAPPER;
        var root = m.createObjectNode();
        if (this == ANTHROPIC) {
            root.put("type", "error");
            root.putObject("error").put("type", status == 429 ? "rate_limit_error" : "invalid_request_error").put("message", message);
        } else {
            root.putObject("error").put("message", message).put("type", "budget_exceeded").put("code", String.valueOf(status));
        }
        return dev.agentruntime.common.Json.write(root);
    }
}
