package dev.agentruntime.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentruntime.common.Json;
import dev.agentruntime.egress.EgressProxy;
import dev.agentruntime.rundir.Status;
import dev.agentruntime.sandbox.ExecResult;
import dev.agentruntime.sandbox.Sandbox;
import dev.agentruntime.sandbox.SandboxConfig;
import dev.agentruntime.sandbox.SandboxLostException;
import dev.agentruntime.util.CappedOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The run's sandbox: at most one at a time, created over the run's workspace and agent home with the task's setup run
 * in it, its socket directory and egress proxy, the phase whose allowlist and secrets apply, and the restart of a step
 * whose sandbox was lost.
 */
final class RunSandbox {
    private final RunContext run;
    private volatile Sandbox sandbox;
    private volatile String phase = "setup";
    private EgressProxy egress;

    RunSandbox(RunContext run) {
        this.run = run;
    }

    /** The current sandbox, or null. */
    Sandbox current() {
        return sandbox;
    }

    /** The phase whose egress allowlist applies now. */
    String phase() {
        return phase;
    }

    /** The run's socket directory and egress proxy. */
    void openSockets() {
        var dir = run.dir;
        RunContext.deleteTree(dir.socketDir()); // stale sockets of a runtime that died
        try {
            // Only the runtime and the sandbox user may reach the proxy and the gateway (which adds the real key).
            Files.createDirectories(dir.socketDir());
            Files.setPosixFilePermissions(dir.socketDir(), java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            if (new com.sun.security.auth.module.UnixSystem().getUid() == 0) {
                dev.agentruntime.util.Proc.of("chown", Sandbox.DEFAULT_USER, dir.socketDir().toString()).run();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir.socketDir(), e);
        }
        egress = new EgressProxy(dir.socketDir().resolve("egress.sock"), run.task.egress(), run.log, () -> phase);
    }

    void closeEgress() {
        if (egress != null) egress.close();
    }

    /**
     * Creates a sandbox over the run's workspace and agent home and runs the task's setup in it. The agent works
     * in one; verification gets a fresh one prepared the same way.
     */
    void open(String phase, String dockerVersion) {
        open(phase, dockerVersion, false);
    }

    /** {@code agentsTree}: the workspace holds the agent's work (recovery), so setup must not get setup secrets. */
    void open(String phase, String dockerVersion, boolean agentsTree) {
        var task = run.task;
        var log = run.log;
        var limits = task.sandbox();
        // Before the agent, setup runs on the pristine clone with setup's secrets and allowlist. After the agent the
        // tree is the agent's (it may have rewritten what setup runs): setup re-runs there with verify's secrets only
        // and the allowlist of the phase it prepares, never setup's (docs/guardrails.md).
        boolean pristine = phase.equals("agent") && !agentsTree;
        String secretPhase = pristine ? "setup" : phase.equals("agent") ? "verify" : phase;
        this.phase = pristine ? "setup" : phase;
        sandbox = Sandbox.create(run.docker, new SandboxConfig(run.dir.runId(), task.image(), run.dir.workspace(), run.dir.agentHome(),
                limits.memory(), limits.cpus(), limits.pids(), limits.readOnlyRoot(), EgressProxy.sandboxEnv(), run.dir.socketDir()));
        sandbox.forward(EgressProxy.SANDBOX_PORT, "egress.sock");
        useSecrets(secretPhase);
        run.save(s -> s.withSandbox(sandbox.name()));
        ObjectNode created = Json.object().put("container", sandbox.name()).put("phase", phase).put("image", task.image())
                .put("network", "none").put("memory", limits.memory()).put("cpus", limits.cpus())
                .put("pids", limits.pids()).put("readOnlyRoot", limits.readOnlyRoot());
        if (dockerVersion != null) created.put("dockerVersion", dockerVersion);
        log.append("sandbox.created", "sandbox", created);
        for (String command : task.setup()) {
            run.checkCancelled();
            log.append("setup.command.started", "sandbox", Json.object().put("command", command).put("phase", phase));
            ExecResult r = sandbox.exec(command, java.time.Duration.ofMinutes(15), 256 * 1024);
            String output = run.secrets.masker().mask(r.output()); // mask before cutting: no half secret survives a cut
            log.append("setup.command.finished", "sandbox", Json.object().put("command", command).put("phase", phase)
                    .put("exitCode", r.exitCode()).put("millis", r.millis()).put("outputTail", CappedOutput.tail(output, 2000)));
            if (!r.ok()) {
                throw new IllegalStateException("setup command `" + command + "` " + (r.timedOut() ? "timed out" : "exited " + r.exitCode())
                        + ": " + CappedOutput.tail(output.strip(), 500));
            }
        }
        if (!task.setup().isEmpty()) sandbox.killLeftovers(); // a daemon setup left must not carry setup's secrets on
        this.phase = phase;
        useSecrets(phase);
    }

    /** Gives the sandbox the secrets scoped to {@code p}, recording which (never their values). */
    private void useSecrets(String p) {
        Map<String, String> scoped = run.secrets.forPhase(p);
        sandbox.setSecrets(scoped);
        for (String name : scoped.keySet()) run.log.append("secret.injected", "runtime", Json.object().put("name", name).put("phase", p));
    }

    /**
     * Runs {@code step}, which opens a sandbox and works in it. When that sandbox is lost meanwhile the step runs
     * again in a new one, after {@code reset} (within recovery.maxRestarts): nothing a half-done step left counts.
     */
    <T> T withRestarts(String phase, Runnable reset, Supplier<T> step) {
        Status was = null;
        while (true) {
            try {
                T result = step.get();
                if (was != null) {
                    run.log.append("recovery.finished", "runtime", Json.object().put("kind", "sandbox").put("phase", phase));
                    if (was == Status.VERIFYING) run.transition(Status.VERIFYING, null);
                }
                return result;
            } catch (SandboxLostException e) {
                closeQuietly();
                if (run.isCancelled() || !run.takeRestart(e.getMessage())) throw e;
                if (was == null) was = run.state.status();
                run.transition(Status.RECOVERING, "the sandbox was lost while " + phase + ": " + e.getMessage());
                run.log.append("recovery.started", "runtime", Json.object().put("kind", "sandbox").put("phase", phase)
                        .put("attempt", run.restarts).put("reason", e.getMessage()));
                reset.run();
            }
        }
    }

    void withRestarts(String phase, Runnable reset, Runnable step) {
        withRestarts(phase, reset, () -> {
            step.run();
            return null;
        });
    }

    void close() {
        Sandbox sb = sandbox;
        if (sb == null) return;
        sb.close();
        sandbox = null;
        run.save(s -> s.withSandbox(null));
        run.log.append("sandbox.removed", "sandbox", Json.object().put("container", sb.name()));
    }

    void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            sandbox = null;
        }
    }

    /** A cancel (file or signal) must not wait for a long tool call: removing the sandbox ends it at once. */
    void abortIfCancelled() {
        Sandbox sb = sandbox;
        if (sb != null && run.isCancelled()) sb.close();
    }

    /**
     * Freezes every process of the sandbox (docker pause) while host git reads the workspace and home, so nothing
     * in it can swap files or links under the checkpoint; the returned handle thaws it.
     */
    AutoCloseable freeze() {
        Sandbox sb = sandbox;
        if (sb == null || !sb.pause()) return () -> { };
        return sb::unpause;
    }
}
