package dev.agentruntime.sandbox;

import dev.agentruntime.util.Proc;
import static dev.agentruntime.common.Text.firstLine;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Docker CLI, as the runtime uses it. We drive the CLI rather than the Engine API (docker-java): it is what
 * admins already have and debug with, honours DOCKER_HOST/contexts, and needs no API-version pinning
 * (docs/architecture.md). Every call has a timeout.
 */
public final class Docker {
    public static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);
    private final String binary;
    private final Map<String, String> env;

    public Docker() {
        this("docker", Map.of());
    }

    /** @param env extra environment for the CLI, e.g. {@code DOCKER_HOST} */
    public Docker(String binary, Map<String, String> env) {
        this.binary = binary;
        this.env = Map.copyOf(env);
    }

    String binary() {
        return binary;
    }

    Map<String, String> env() {
        return env;
    }

    public Proc.Result run(List<String> args, Duration timeout, byte[] stdin, int cap) {
        return run(args, timeout, stdin, cap, false);
    }

    public Proc.Result run(List<String> args, Duration timeout, byte[] stdin, int cap, boolean mergeStderr) {
        return run(args, timeout, stdin, cap, mergeStderr, Map.of());
    }

    /** @param clientEnv extra environment of the docker client itself (values for {@code -e NAME}) */
    public Proc.Result run(List<String> args, Duration timeout, byte[] stdin, int cap, boolean mergeStderr,
                           Map<String, String> clientEnv) {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary);
        cmd.addAll(args);
        Proc p = Proc.of(cmd).env(env).env(clientEnv).timeout(timeout).cap(cap);
        if (stdin != null) p.stdin(stdin);
        if (mergeStderr) p.mergeStderr();
        try {
            return p.run();
        } catch (UncheckedIOException e) {
            throw new DockerUnavailableException("the docker CLI (\"" + binary + "\") cannot be started: "
                    + e.getCause().getMessage() + ". Install it (Debian: apt-get install -y docker.io).");
        }
    }

    public Proc.Result run(String... args) {
        return run(List.of(args), CALL_TIMEOUT, null, 1 << 20);
    }

    /** Throws {@link DockerUnavailableException} unless a daemon answers. Returns the server version. */
    public String checkDaemon() {
        Proc.Result r = run(List.of("version", "--format", "{{.Server.Version}}"), Duration.ofSeconds(30), null, 1 << 16);
        if (!r.ok() || r.stdout().isBlank()) {
            throw new DockerUnavailableException("the Docker daemon is not reachable (" + firstLine(r.diagnostic())
                    + "). Start it with `sudo systemctl start docker` (or `sudo dockerd &` where there is no systemd),"
                    + " or point DOCKER_HOST at a running daemon.");
        }
        return r.stdout().strip();
    }

    public boolean imageExists(String image) {
        return run("image", "inspect", "--format", "{{.Id}}", image).ok();
    }

    /** Fails with a clear message when a docker call failed. */
    static Proc.Result require(Proc.Result r, String what) {
        if (!r.ok()) {
            throw new SandboxException(what + " failed" + (r.timedOut() ? " (timed out)" : "") + ": " + firstLine(r.diagnostic()));
        }
        return r;
    }

}
