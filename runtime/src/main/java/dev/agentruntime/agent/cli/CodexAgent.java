package dev.agentruntime.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentruntime.agent.ToolKind;
import dev.agentruntime.gateway.ModelApi;
import dev.agentruntime.common.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Codex CLI over the OpenAI Responses API. Our container is its sandbox (danger-full-access inside it), client
 * retries off so the runtime decides. Headless: {@code codex exec --json}, approvals never. Interactive:
 * {@code codex app-server} ({@link CodexAppServer}), which puts every command and file change to the runtime.
 */
public final class CodexAgent extends CliAgent {
    static final String KEY_VAR = "AGENT_RUNTIME_MODEL_KEY";

    @Override
    public String name() {
        return "codex";
    }

    /** The npm entry point is a node wrapper around the native binary: neither is "work" of the agent. */
    @Override
    protected java.util.Set<String> helperProcesses() {
        return java.util.Set.of("codex");
    }

    @Override
    protected ModelApi api() {
        return ModelApi.RESPONSES;
    }

    @Override
    protected void configure(Path home, String baseUrl, String model, boolean interactive) throws IOException {
        write(home, ".codex/config.toml", """
                # Written by agent-runtime for this run.
                model = %s
                model_provider = "runtime"
                approval_policy = %s
                sandbox_mode = "danger-full-access"
                check_for_update_on_startup = false

                [model_providers.runtime]
                name = "Agent Runtime model gateway"
                base_url = %s
                env_key = "%s"
                wire_api = "responses"
                request_max_retries = 0
                stream_max_retries = 0
                stream_idle_timeout_ms = 300000

                [features]
                plugins = false

                [analytics]
                enabled = false

                [feedback]
                enabled = false
                """.formatted(Json.write(model), Json.write(interactive ? "on-request" : "never"), Json.write(baseUrl), KEY_VAR));
    }

    @Override
    protected Invocation invocation(String prompt, String model, String resumeSession, String baseUrl) {
        List<String> argv = new ArrayList<>(List.of("codex", "exec"));
        if (resumeSession != null) argv.addAll(List.of("resume", "--json", resumeSession));
        else argv.addAll(List.of("--json", "--strict-config"));
        argv.add(prompt);
        return new Invocation(argv, Map.of(KEY_VAR, PLACEHOLDER_KEY));
    }

    @Override
    protected Invocation conversation(String prompt, String model, String resumeSession, String baseUrl) {
        return new Invocation(List.of("codex", "app-server"), Map.of(KEY_VAR, PLACEHOLDER_KEY), new CodexAppServer(prompt, resumeSession));
    }

    @Override
    protected AgentOutput newOutputMapper() {
        return (line, sink) -> {
            String type = line.path("type").asText();
            JsonNode item = line.path("item");
            switch (type) {
                case "thread.started" -> sink.session(line.path("thread_id").asText(null));
                case "item.started" -> {
                    if (item.path("type").asText().equals("command_execution")) {
                        sink.toolCall(item.path("id").asText(), "exec_command", ToolKind.shell, Json.object().put("command", item.path("command").asText()));
                    }
                }
                case "item.completed" -> {
                    switch (item.path("type").asText()) {
                        case "agent_message" -> sink.assistantMessage(item.path("text").asText());
                        case "command_execution" -> sink.toolResult(item.path("id").asText(), "exec_command",
                                item.path("exit_code").asInt(-1) == 0, item.path("exit_code").isNumber() ? item.get("exit_code").asInt() : null,
                                item.path("aggregated_output").asText());
                        case "file_change" -> {
                            boolean adds = false;
                            for (JsonNode c : item.path("changes")) adds |= c.path("kind").asText().equals("add");
                            sink.toolCall(item.path("id").asText(), "apply_patch", adds ? ToolKind.write : ToolKind.edit,
                                    Json.object().set("changes", item.path("changes")));
                            sink.toolResult(item.path("id").asText(), "apply_patch", item.path("status").asText().equals("completed"), null,
                                    item.path("changes").toString());
                        }
                        case "error" -> sink.other("warning", Json.object().put("message", item.path("message").asText()));
                        default -> { }
                    }
                }
                case "turn.completed" -> {
                    JsonNode u = line.path("usage");
                    sink.usage(u.path("input_tokens").asLong(0), u.path("output_tokens").asLong(0), u.path("cached_input_tokens").asLong(0), null);
                }
                case "turn.failed" -> sink.error(line.path("error").path("message").asText("turn failed"));
                case "error" -> sink.error(line.path("message").asText("error"));
                default -> { }
            }
        };
    }
}
