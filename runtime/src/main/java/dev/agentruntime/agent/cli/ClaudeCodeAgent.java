package dev.agentruntime.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentruntime.agent.ToolKind;
import dev.agentruntime.common.Json;
import dev.agentruntime.gateway.ModelApi;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Claude Code ({@code claude -p --output-format stream-json}) over the Anthropic Messages API. Non-essential
 * traffic, the auto-updater and client retries are off. Headless, permissions are bypassed (our container is the
 * sandbox); interactive, it runs with {@code --permission-prompt-tool stdio} and asks the runtime through its
 * control protocol ({@code can_use_tool}) before each action that needs permission.
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
    protected void configure(Path home, String baseUrl, String model, boolean interactive) {
        // Everything goes on the command line and in the environment (see invocation).
    }

    @Override
    protected Invocation invocation(String prompt, String model, String resumeSession, String baseUrl) {
        List<String> argv = new ArrayList<>(List.of("claude", "-p", "--output-format", "stream-json", "--verbose",
                "--model", model, "--permission-mode", "bypassPermissions"));
        if (resumeSession != null) argv.addAll(List.of("--resume", resumeSession));
        argv.add("--");
        argv.add(prompt);
        return new Invocation(argv, env(baseUrl));
    }

    @Override
    protected Invocation conversation(String prompt, String model, String resumeSession, String baseUrl) {
        List<String> argv = new ArrayList<>(List.of("claude", "-p", "--input-format", "stream-json", "--output-format",
                "stream-json", "--verbose", "--model", model, "--permission-prompt-tool", "stdio",
                // Workspace settings (.claude/settings*.json) are the agent's to write: they must not pre-approve tools.
                "--setting-sources", "user"));
        if (resumeSession != null) argv.addAll(List.of("--resume", resumeSession));
        return new Invocation(argv, env(baseUrl), new ControlProtocol(prompt, newOutputMapper()));
    }

    /** Its own retries off, the non-streaming fallback after a broken stream included: the runtime decides. */
    private static Map<String, String> env(String baseUrl) {
        return Map.of("ANTHROPIC_BASE_URL", baseUrl, "ANTHROPIC_API_KEY", PLACEHOLDER_KEY,
                "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1", "DISABLE_AUTOUPDATER", "1", "CLAUDE_CODE_MAX_RETRIES", "0",
                "CLAUDE_CODE_DISABLE_NONSTREAMING_FALLBACK", "1", "DISABLE_TELEMETRY", "1");
    }

    /**
     * Claude's stdio control protocol: an initialize request and the prompt as a user message on stdin; each
     * {@code can_use_tool} request is answered by the gate (allow with the input unchanged, or deny with the reason,
     * which Claude hands to the model as the tool's error). The stream-json output is the headless one.
     */
    static final class ControlProtocol extends Conversation {
        private final String prompt;
        private final AgentOutput output;

        ControlProtocol(String prompt, AgentOutput output) {
            this.prompt = prompt;
            this.output = output;
        }

        @Override
        void open() {
            send(Json.object().put("type", "control_request").put("request_id", "init-1")
                    .set("request", Json.object().put("subtype", "initialize")));
            var user = Json.object().put("type", "user").put("session_id", "").putNull("parent_tool_use_id");
            var message = user.putObject("message").put("role", "user");
            message.putArray("content").addObject().put("type", "text").put("text", prompt);
            send(user);
        }

        @Override
        public void map(JsonNode line, Sink sink) {
            switch (line.path("type").asText()) {
                case "control_request" -> answer(line);
                case "control_response", "control_cancel_request" -> { }
                default -> {
                    output.map(line, sink);
                    if (line.path("type").asText().equals("result")) finish();
                }
            }
        }

        private void answer(JsonNode request) {
            JsonNode r = request.path("request");
            var response = Json.object().put("request_id", request.path("request_id").asText());
            if (!r.path("subtype").asText().equals("can_use_tool")) {
                response.put("subtype", "error").put("error", "agent-runtime does not handle " + r.path("subtype").asText());
            } else {
                String tool = r.path("tool_name").asText();
                var verdict = ask(tool, kind(tool), r.path("input"));
                var behaviour = response.put("subtype", "success").putObject("response");
                if (verdict.allowed()) behaviour.put("behavior", "allow").set("updatedInput", r.path("input"));
                else behaviour.put("behavior", "deny").put("message", verdict.reason());
            }
            send((ObjectNode) Json.object()
                    .put("type", "control_response").set("response", response));
        }
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
