package dev.agentruntime.cli;

import dev.agentruntime.doctor.EndpointDoctor;
import dev.agentruntime.gateway.ModelApi;
import dev.agentruntime.common.BadInputException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "doctor", description = "Check a model endpoint for what agents need; prints a PASS/FAIL table (exit 1 on any FAIL).")
final class DoctorCommand implements Callable<Integer> {
    @Option(names = "--endpoint", required = true, description = "Base URL, e.g. http://127.0.0.1:8080/v1 (Anthropic: without /v1).")
    String endpoint;

    @Option(names = "--model", required = true, description = "Model name to request.")
    String model;

    @Option(names = "--api", description = "chat, responses or anthropic (default: from --agent, else chat).")
    String api;

    @Option(names = "--agent", description = "builtin, opencode, codex or claude-code: check the API that agent speaks.")
    String agent;

    @Option(names = "--api-key-env", description = "Environment variable holding the API key.")
    String apiKeyEnv;

    @Override
    public Integer call() {
        ModelApi which = api(api, agent);
        String key = apiKeyEnv == null ? null : System.getenv(apiKeyEnv);
        if (apiKeyEnv != null && key == null) throw new BadInputException("--api-key-env", apiKeyEnv + " is not set");
        List<EndpointDoctor.Check> checks = new EndpointDoctor(endpoint, model, which, key).run();
        System.out.printf("%-26s %-6s %s%n", "CHECK (" + which.name().toLowerCase(Locale.ROOT) + ")", "RESULT", "DETAIL");
        for (var c : checks) System.out.printf("%-26s %-6s %s%n", c.name(), c.pass() ? "PASS" : "FAIL", c.detail());
        return checks.stream().allMatch(EndpointDoctor.Check::pass) ? Main.OK : Main.RUN_FAILED;
    }

    static ModelApi api(String api, String agent) {
        if (api != null) {
            return switch (api) {
                case "chat" -> ModelApi.CHAT;
                case "responses" -> ModelApi.RESPONSES;
                case "anthropic" -> ModelApi.ANTHROPIC;
                default -> throw new BadInputException("--api", "\"" + api + "\" is not known; use chat, responses or anthropic");
            };
        }
        if (agent == null) return ModelApi.CHAT;
        return switch (agent) {
            case "builtin", "opencode" -> ModelApi.CHAT;
            case "codex" -> ModelApi.RESPONSES;
            case "claude-code" -> ModelApi.ANTHROPIC;
            default -> throw new BadInputException("--agent", "\"" + agent + "\" is not known; use builtin, opencode, codex or claude-code");
        };
    }
}
