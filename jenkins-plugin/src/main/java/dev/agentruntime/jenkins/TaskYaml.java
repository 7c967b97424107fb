package dev.agentruntime.jenkins;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentruntime.common.Json;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The task file agentTask writes for its parameters (docs/task-spec.md); the runtime validates it when it starts. */
public final class TaskYaml {
    private TaskYaml() {}

    /**
     * @param step      the step's parameters (its {@code task} text is the instructions)
     * @param workspace the build workspace on the node: relative policy files are resolved against it
     * @param hasApiKey whether a model API key is passed in {@link LaunchCommand#MODEL_KEY_VARIABLE}
     */
    public static String render(AgentTaskStep step, String workspace, boolean hasApiKey) {
        return render(step, workspace, hasApiKey, TaskDefaults.NONE);
    }

    /** @param defaults the admin's defaults (system configuration); each step parameter that is set wins */
    public static String render(AgentTaskStep step, String workspace, boolean hasApiKey, TaskDefaults defaults) {
        ObjectNode t = Json.MAPPER.createObjectNode();
        putIfSet(t, "id", step.getTaskId());
        t.put("repo", repo(require(step.getRepo(), "repo").trim(), workspace));
        putIfSet(t, "baseBranch", step.getBaseBranch());
        t.put("instructions", require(step.getTask(), "task"));
        putIfSet(t, "agent", TaskDefaults.pick(step.getAgent(), defaults.agent()));
        ObjectNode model = t.putObject("model");
        model.put("baseUrl", require(TaskDefaults.pick(step.getBaseUrl(), defaults.baseUrl()), "baseUrl"));
        model.put("model", require(TaskDefaults.pick(step.getModel(), defaults.model()), "model"));
        if (hasApiKey) model.put("apiKeyEnv", LaunchCommand.MODEL_KEY_VARIABLE);
        putIfSet(t, "image", TaskDefaults.pick(step.getImage(), defaults.image()));
        if (!defaults.egressAllow().isEmpty()) defaults.egressAllow().forEach(t.putObject("egress").putArray("allow")::add);
        List<String> verify = lines(step.getVerify());
        if (!verify.isEmpty()) verify.forEach(t.putArray("verify")::add);
        if (step.getTurns() > 0 || step.getTokens() > 0 || isSet(step.getWallClock())) {
            ObjectNode budgets = t.putObject("budgets");
            if (step.getTurns() > 0) budgets.put("turns", step.getTurns());
            if (step.getTokens() > 0) budgets.put("tokens", step.getTokens());
            putIfSet(budgets, "wallClock", step.getWallClock());
        }
        putIfSet(t, "branch", step.getBranch());
        List<SecretBindings.Binding> secrets = SecretBindings.parse(step.getSecrets());
        if (!secrets.isEmpty()) {
            var list = t.putArray("secrets");
            for (SecretBindings.Binding b : secrets) {
                ObjectNode s = list.addObject().put("name", b.name()).put("fromEnv", b.name());
                b.phases().forEach(s.putArray("phases")::add);
            }
        }
        String policy = TaskDefaults.pick(step.getPolicy(), defaults.policy());
        if (isSet(policy)) t.put("policy", policy(policy.trim(), workspace));
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(t);
        } catch (Exception e) {
            throw new IllegalStateException("cannot write the task file", e);
        }
    }

    /**
     * URLs ({@code https://…}, {@code ssh://…}, scp-like {@code git@host:path}) and absolute paths stay; a relative path
     * means a directory in the build workspace ({@code repo: '.'} is the checked-out repository itself). The runtime
     * would otherwise resolve it against the task file, which agentTask writes elsewhere.
     */
    static String repo(String repo, String workspace) {
        if (repo.contains("://") || repo.matches("[^/]+@[^/:]+:.*") || Path.of(repo).isAbsolute()) return repo;
        return Path.of(workspace).resolve(repo).normalize().toString();
    }

    /** {@code default} and {@code none} are presets; anything else is a file, relative to the build workspace. */
    static String policy(String policy, String workspace) {
        if (policy.equals("default") || policy.equals("none")) return policy;
        return Path.of(workspace).resolve(policy).normalize().toString();
    }

    static List<String> lines(String text) {
        if (text == null) return List.of();
        return Arrays.stream(text.split("\n")).map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private static String require(String value, String parameter) {
        if (!isSet(value)) throw new IllegalArgumentException("agentTask: " + parameter + " is required (or give taskFile)");
        return value;
    }

    private static void putIfSet(ObjectNode node, String field, String value) {
        if (isSet(value)) node.put(field, value.trim());
    }

    static boolean isSet(String s) {
        return s != null && !s.isBlank();
    }
}
