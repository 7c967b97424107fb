package dev.agentruntime.task;

import java.util.List;

/**
 * A named secret of the task. Its value is read on the host and injected only where scoped, as an environment
 * variable of that name; it is masked everywhere the runtime writes (docs/secrets.md).
 *
 * @param name     environment variable name inside the sandbox
 * @param fromEnv  read from this variable of the runtime's environment
 * @param fromFile or read from this host file (trailing newline dropped)
 * @param phases   where it is injected: {@code setup}, {@code agent}, {@code verify}
 */
public record SecretSpec(String name, String fromEnv, String fromFile, List<String> phases) {
    public static final List<String> PHASES = List.of("setup", "agent", "verify");
}
