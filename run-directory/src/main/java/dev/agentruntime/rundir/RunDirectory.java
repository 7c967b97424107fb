package dev.agentruntime.rundir;

import dev.agentruntime.common.AtomicFiles;
import dev.agentruntime.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One run's directory: the seam between the runtime and every controller (CLI, Jenkins). The layout is the
 * protocol documented in docs/run-directory.md; only this class knows the file names.
 */
public final class RunDirectory {
    public static final String STATE = "state.json";
    public static final String EVENTS = "events.jsonl";
    public static final String HEARTBEAT = "heartbeat.json";
    public static final String TASK = "task.json";
    public static final String REPORT_JSON = "report.json";
    public static final String REPORT_MD = "report.md";
    public static final String CANCEL = "cancel.json";

    private final Path root;

    public RunDirectory(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** Creates the directory of a new run; fails if it exists. */
    public static RunDirectory create(Path runsDir, String runId) {
        Path dir = runsDir.resolve(runId);
        try {
            Files.createDirectories(runsDir);
            Files.createDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create run directory " + dir, e);
        }
        return new RunDirectory(dir);
    }

    public Path root() {
        return root;
    }

    public String runId() {
        return root.getFileName().toString();
    }

    public Path state() {
        return root.resolve(STATE);
    }

    public Path events() {
        return root.resolve(EVENTS);
    }

    public Path heartbeat() {
        return root.resolve(HEARTBEAT);
    }

    public Path task() {
        return root.resolve(TASK);
    }

    public Path reportJson() {
        return root.resolve(REPORT_JSON);
    }

    public Path reportMd() {
        return root.resolve(REPORT_MD);
    }

    public Path cancelRequest() {
        return root.resolve(CANCEL);
    }

    /** The repository clone the agent works in (mounted at /workspace in the sandbox). */
    public Path workspace() {
        return root.resolve("workspace");
    }

    /** Checkpoint manifests ({@code <seq>.json}) and bundles ({@code <seq>.bundle}). */
    public Path checkpoints() {
        return root.resolve("checkpoints");
    }

    /** The push intent/outcome ledger (one JSON object per line). */
    public Path ledger() {
        return root.resolve("ledger.jsonl");
    }

    /** The filesystem image behind {@link #workspace()} when sandbox.disk limits its size (loop-mounted while running). */
    public Path workspaceImage() {
        return root.resolve("workspace.img");
    }

    /** The filesystem image behind {@link #agentHome()}, like {@link #workspaceImage()}. */
    public Path agentHomeImage() {
        return root.resolve("agent-home.img");
    }

    /** HOME and TMPDIR of the agent, outside the container so they survive a sandbox restart. */
    public Path agentHome() {
        return root.resolve("agent-home");
    }

    /**
     * The runtime's unix sockets for this run (mounted into the sandbox). Kept under the system temp directory, not
     * in the run directory: socket paths are limited to 107 bytes, and run directories can be deep (Jenkins).
     */
    public Path socketDir() {
        return Path.of(System.getProperty("java.io.tmpdir"), "agent-runtime-" + runId());
    }

    /** Approval requests ({@code <id>.request.json}, runtime writes) and decisions ({@code <id>.decision.json}, controllers write). */
    public Path approvals() {
        return root.resolve("approvals");
    }

    /** Raw output of agent processes, kept for audit. */
    public Path agentOutput() {
        return root.resolve("agent-output");
    }

    public boolean exists() {
        return Files.isRegularFile(state());
    }

    public RunState readState() {
        try {
            return Json.MAPPER.readValue(state().toFile(), RunState.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + state(), e);
        }
    }

    public void writeState(RunState s) {
        AtomicFiles.write(state(), Json.pretty(s) + "\n");
    }

    public boolean cancelRequested() {
        return Files.exists(cancelRequest());
    }
}
