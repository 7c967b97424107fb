package dev.agentruntime.git;

import dev.agentruntime.util.Proc;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Host-side git, always outside the sandbox. The workspace content was written by the agent, so nothing in it may
 * make the host execute code or wait for a terminal: hooks and fsmonitor are off, git never descends into nested
 * repositories or submodules (their config is agent-writable and could name filter commands), ownership is
 * trusted for this one directory only, and prompts are disabled.
 */
public final class Git {
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private final Path dir;
    private final Map<String, String> env;
    private final GitCredentials credentials;

    public Git(Path dir, Map<String, String> env) {
        this(dir, env, GitCredentials.none());
    }

    /** A git whose every command may reach the remote with {@code credentials} (GitCredentials): for network commands only. */
    public Git(Path dir, Map<String, String> env, GitCredentials credentials) {
        this.dir = dir;
        this.env = Map.copyOf(env);
        this.credentials = credentials;
    }

    public Git(Path dir) {
        this(dir, Map.of());
    }

    public Path dir() {
        return dir;
    }

    public Proc.Result run(String... args) {
        List<String> cmd = new ArrayList<>(List.of("git", "-c", "core.hooksPath=/dev/null",
                "-c", "safe.directory=" + dir.toAbsolutePath().normalize(), "-c", "core.fsmonitor=false",
                "-c", "diff.ignoreSubmodules=all", "-c", "status.submoduleSummary=false", "-c", "submodule.recurse=false",
                "-c", "protocol.file.allow=always"));
        if (credentials.isEmpty()) {
            cmd.addAll(List.of(args));
            return Proc.of(cmd).dir(dir).env(env).env("GIT_TERMINAL_PROMPT", "0").env("GIT_ASKPASS", "/bin/false")
                    .env("LC_ALL", "C").timeout(TIMEOUT).run();
        }
        try (GitCredentials.Session s = credentials.open()) {
            cmd.addAll(s.config);
            cmd.addAll(List.of(args));
            return Proc.of(cmd).dir(dir).env(env).env(s.env).env("GIT_TERMINAL_PROMPT", "0").env("GIT_ASKPASS", "/bin/false")
                    .env("LC_ALL", "C").timeout(TIMEOUT).run();
        }
    }

    /** Runs and returns trimmed stdout; throws {@link GitException} naming {@code what} on failure. */
    public String must(String what, String... args) {
        Proc.Result r = run(args);
        if (!r.ok()) throw new GitException(what + ": " + r.diagnostic());
        return r.stdout().strip();
    }
}
