package dev.agentruntime.secrets;

import dev.agentruntime.common.Masker;
import dev.agentruntime.git.GitCredentials;
import dev.agentruntime.task.SecretSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The task's secrets with their values, read once on the host when the run starts (and again when it is resumed),
 * and the git credentials of the runtime's environment: masked like the task's secrets, used by host git only.
 */
public final class Secrets {
    private final List<SecretSpec> specs;
    private final Map<String, String> values;
    private final GitCredentials git;
    private final Masker masker;

    private Secrets(List<SecretSpec> specs, Map<String, String> values, GitCredentials git) {
        this.specs = specs;
        this.values = values;
        this.git = git;
        List<String> masked = new java.util.ArrayList<>(values.values());
        masked.addAll(git.secrets());
        this.masker = new Masker(masked);
    }

    public static Secrets none() {
        return new Secrets(List.of(), Map.of(), GitCredentials.none());
    }

    /** Reads every value; a missing one is an error that names the secret and where it was looked for. */
    public static Secrets load(List<SecretSpec> specs, Function<String, String> env) {
        GitCredentials git = GitCredentials.from(env);
        Map<String, String> values = new LinkedHashMap<>();
        for (SecretSpec s : specs) {
            String v;
            if (s.fromEnv() != null) {
                v = env.apply(s.fromEnv());
                if (v == null || v.isEmpty()) {
                    throw new IllegalStateException("secret " + s.name() + ": environment variable " + s.fromEnv() + " is not set for the runtime");
                }
            } else {
                try {
                    v = Files.readString(Path.of(s.fromFile())).replaceAll("\\r?\\n$", "");
                } catch (IOException e) {
                    throw new IllegalStateException("secret " + s.name() + ": cannot read " + s.fromFile() + " (" + e.getMessage() + ")");
                }
            }
            values.put(s.name(), v);
        }
        return new Secrets(List.copyOf(specs), values, git);
    }

    /** The credentials host git reaches the task repository with (GitCredentials). */
    public GitCredentials git() {
        return git;
    }

    /** Name → value of the secrets scoped to {@code phase}. */
    public Map<String, String> forPhase(String phase) {
        Map<String, String> m = new LinkedHashMap<>();
        for (SecretSpec s : specs) if (s.phases().contains(phase)) m.put(s.name(), values.get(s.name()));
        return m;
    }

    public Masker masker() {
        return masker;
    }

    /** The secrets' names, in task order. */
    public List<String> names() {
        return List.copyOf(values.keySet());
    }

    /** A masker for one secret: to tell which secret a text holds. */
    public Masker maskerOf(String name) {
        return new Masker(List.of(values.get(name)));
    }
}
