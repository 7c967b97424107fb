package dev.agentruntime.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentruntime.agent.ToolKind;
import dev.agentruntime.gateway.ModelApi;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Claude Code ({@code claude -p --output-format stream-json}) over the Anthropic Messages API. Non-essential
 * traffic, the auto-updater and client retries are off; permissions are bypassed inside our sandbox (the policy
 * layer takes over in the guardrails issue).
 */
public final class ClaudeCodeAgent extends CliAgent {
    @Override
    public String name() {
        return "claude-code";
    }

    @Override
    protected java.util.Set<String> helperProcesses() {
        return java.util.Set.of("claude");
    }

    @Override
    protected ModelApi api() {
        return ModelApi.ANTHROPIC;
    }

    /** Claude appends /v1/messages itself: its base URL is the origin (plus any prefix before /v1). */
    @Override
    protected String modelBaseUrl(String upstreamBase) {
        return super.modelBaseUrl(upstreamBase).replaceAll("/v1$", "");
    }

    @Override
    protected void configure(Path home, String baseUrl, String model) {
        // Everything goes on the command line and in the environment (see invocation).
    }

    @Override
    protected Invocation invocation(String prompt, String model, String resumeSession, String baseUrl) {
        List<String> argv = new ArrayList<>(List.of("claude", "-p", "--output-format", "stream-json", "--verbose",
                "--model", model, "--permission-mode", "bypassPermissions"));
        if (resumeSession != null) argv.addAll(List.of("--resume", resumeSession));
        argv.add("--");
        argv.add(prompt);
        return new Invocation(argv, Map.of("ANTHROPIC_BASE_URL", baseUrl, "ANTHROPIC_API_KEY", PLACEHOLDER_KEY,
                "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1", "DISABLE_AUTOUPDATER", "1", "CLAUDE_CODE_MAX_RETRIES", "0",
                "DISABLE_TELEMETRY", "1"));
    }

    @Override
    protected AgentOutput newOutputMapper() {
        Map<String, String> toolNames = new java.util.HashMap<>(); // tool_use id → name, for the results
        return (line, sink) -> {
            if (line.hasNonNull("session_id")) sink.session(line.get("session_id").asText());
            switch (line.path("type").asText()) {
                case "assistant" -> {
                    for (JsonNode c : line.path("message").path("content")) {
                        switch (c.path("type").asText()) {
                            case "text" -> sink.assistantMessage(c.path("text").asText());
                            case "tool_use" -> {
                                toolNames.put(c.path("id").asText(), c.path("name").asText());
                                sink.toolCall(c.path("id").asText(), c.path("name").asText(), kind(c.path("name").asText()), c.path("input"));
                            }
                            default -> { }
                        }
                    }
                }
                case "user" -> {
                    for (JsonNode c : line.path("message").path("content")) {
                        if (!c.path("type").asText().equals("tool_result")) continue;
                        JsonNode content = c.path("content");
                        String text = content.isTextual() ? content.asText() : content.toString();
                        String id = c.path("tool_use_id").asText();
                        sink.toolResult(id, toolNames.getOrDefault(id, ""), !c.path("is_error").asBoolean(false), null, text);
                    }
                }
                case "result" -> {
                    JsonNode u = line.path("usage");
                    long cacheRead = u.path("cache_read_input_tokens").asLong(0);
                    sink.usage(u.path("input_tokens").asLong(0) + cacheRead + u.path("cache_creation_input_tokens").asLong(0),
                            u.path("output_tokens").asLong(0), cacheRead,
                            line.hasNonNull("total_cost_usd") ? line.get("total_cost_usd").asDouble() : null);
                    if (line.path("is_error").asBoolean(false)) {
                        sink.error(line.path("result").asText(line.path("subtype").asText("error")));
                    }
                }
                default -> { }
            }
        };
    }

    static ToolKind kind(String tool) {
        return switch (tool) {
            case "Bash" -> ToolKind.shell;
            case "Write" -> ToolKind.write;
            case "Edit", "MultiEdit", "NotebookEdit" -> ToolKind.edit;
            case "Read", "Glob", "Grep", "LS" -> ToolKind.read;
            default -> ToolKind.other;
        };
    }
}
