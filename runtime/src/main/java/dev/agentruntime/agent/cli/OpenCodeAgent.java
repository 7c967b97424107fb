package dev.agentruntime.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentruntime.agent.ToolKind;
import dev.agentruntime.gateway.ModelApi;
import dev.agentruntime.common.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OpenCode over OpenAI Chat Completions. The provider is an OpenAI-compatible one pointing at the gateway; models
 * fetch, auto-update and default plugins are off. Headless: {@code opencode run --format json} with every
 * permission allowed. Interactive: {@code opencode acp} ({@link OpenCodeAcp}) with edit and bash set to ask.
 */
public final class OpenCodeAgent extends CliAgent {
    @Override
    public String name() {
        return "opencode";
    }

    /** The npm entry point is a node wrapper around the native binary: neither is "work" of the agent. */
    @Override
    protected java.util.Set<String> helperProcesses() {
        return java.util.Set.of("opencode");
    }

    @Override
    protected ModelApi api() {
        return ModelApi.CHAT;
    }

    @Override
    protected void configure(Path home, String baseUrl, String model, boolean interactive) throws IOException {
        ObjectNode c = Json.object().put("$schema", "https://opencode.ai/config.json").put("autoupdate", false)
                .put("share", "disabled").put("model", "runtime/" + model).put("small_model", "runtime/" + model);
        ObjectNode provider = c.putObject("provider").putObject("runtime");
        provider.put("npm", "@ai-sdk/openai-compatible").put("name", "Agent Runtime model gateway");
        provider.putObject("options").put("baseURL", baseUrl).put("apiKey", PLACEHOLDER_KEY);
        ObjectNode m = provider.putObject("models").putObject(model).put("name", model).put("tool_call", true);
        m.putObject("limit").put("context", 128000).put("output", 8192);
        // Headless: the sandbox is the boundary. Interactive: each edit and command is put to the runtime's gate.
        String decide = interactive ? "ask" : "allow";
        c.putObject("permission").put("edit", decide).put("bash", decide).put("external_directory", decide)
                .put("webfetch", "deny");
        write(home, ".config/opencode/opencode.json", Json.pretty(c));
    }

    @Override
    protected Invocation invocation(String prompt, String model, String resumeSession, String baseUrl) {
        List<String> argv = new ArrayList<>(List.of("opencode", "run", "--format", "json"));
        if (resumeSession != null) argv.addAll(List.of("--session", resumeSession));
        // One argument per word: a single argument with spaces reaches the model wrapped in quotes.
        for (String word : prompt.trim().split("\\s+")) argv.add(word);
        return new Invocation(argv, env());
    }

    private static Map<String, String> env() {
        // Project config (opencode.json, .opencode/ in the workspace) is the agent's to write: it must not set permissions.
        return Map.of("OPENCODE_DISABLE_MODELS_FETCH", "1", "OPENCODE_DISABLE_AUTOUPDATE", "1", "OPENCODE_DISABLE_DEFAULT_PLUGINS", "1",
                "OPENCODE_DISABLE_PROJECT_CONFIG", "1");
    }

    @Override
    protected Invocation conversation(String prompt, String model, String resumeSession, String baseUrl) {
        return new Invocation(List.of("opencode", "acp"), env(), new OpenCodeAcp(prompt, resumeSession));
    }

    @Override
    protected AgentOutput newOutputMapper() {
        return (line, sink) -> {
            if (line.hasNonNull("sessionID")) sink.session(line.get("sessionID").asText());
            JsonNode part = line.path("part");
            switch (line.path("type").asText()) {
                case "text" -> sink.assistantMessage(part.path("text").asText());
                case "tool_use" -> {
                    String tool = part.path("tool").asText();
                    String id = part.path("callID").asText(part.path("id").asText());
                    JsonNode state = part.path("state");
                    sink.toolCall(id, tool, kind(tool), state.path("input"));
                    String status = state.path("status").asText();
                    if (status.equals("completed") || status.equals("error")) {
                        String out = state.hasNonNull("output") ? state.get("output").asText() : state.path("error").asText();
                        JsonNode exit = state.path("metadata").path("exit");
                        Integer code = exit.isNumber() ? exit.asInt() : null;
                        sink.toolResult(id, tool, status.equals("completed") && (code == null || code == 0), code, out);
                    }
                }
                case "step_finish" -> {
                    JsonNode t = part.path("tokens");
                    Double cost = part.hasNonNull("cost") ? part.get("cost").asDouble() : null;
                    long cacheRead = t.path("cache").path("read").asLong(0);
                    sink.usage(t.path("input").asLong(0) + cacheRead, t.path("output").asLong(0), cacheRead, cost);
                }
                case "error" -> {
                    JsonNode e = line.path("error");
                    String msg = e.path("data").path("message").asText(e.path("message").asText(e.path("name").asText("error")));
                    sink.error(msg);
                }
                default -> { }
            }
        };
    }

    static ToolKind kind(String tool) {
        return switch (tool) {
            case "bash" -> ToolKind.shell;
            case "write" -> ToolKind.write;
            case "edit", "patch", "multiedit" -> ToolKind.edit;
            case "read", "glob", "grep", "list" -> ToolKind.read;
            default -> ToolKind.other;
        };
    }
}
