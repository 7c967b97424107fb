package dev.agentruntime.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentruntime.agent.Budget;
import dev.agentruntime.common.Json;
import dev.agentruntime.events.EventLog;
import dev.agentruntime.git.Workspace;
import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.rundir.RunState;
import dev.agentruntime.rundir.Status;
import dev.agentruntime.sandbox.Docker;
import dev.agentruntime.secrets.Secrets;
import dev.agentruntime.task.TaskSpec;
import dev.agentruntime.verify.VerifyResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * What the phases of one execution share: the run directory, event log and task, the evolving state.json with its
 * status transitions, the budget, the clone, the final decision and the timings.
 */
final class RunContext {
    final RunDirectory dir;
    final TaskSpec task;
    final RunOptions options;
    final Docker docker;
    private final BooleanSupplier cancelSignal;
    EventLog log;
    RunState state;
    Budget budget;
    /** True once the run continues from a checkpoint: budgets carry on instead of starting again. */
    boolean resumed;
    /** Restarts used so far; recovery.maxRestarts bounds them. */
    int restarts;
    Secrets secrets = Secrets.none();
    Workspace ws;
    String baseCommit;
    /** Where the agent started: the base commit, or the handed-off run's work this run continues. */
    String startCommit;
    String summary;
    VerifyResult verification;
    Status endStatus;
    String endReason;
    final long start = System.currentTimeMillis();
    long provisioningMs, agentMs, verifyMs, publishMs;

    RunContext(RunDirectory dir, TaskSpec task, RunOptions options, Docker docker, BooleanSupplier cancelSignal) {
        this.dir = dir;
        this.task = task;
        this.options = options;
        this.docker = docker;
        this.cancelSignal = cancelSignal;
        this.budget = new Budget(task.budgets());
        this.state = dir.readState();
    }

    /** The task's secrets, and their values masked in every event from now on. */
    void loadSecrets() {
        secrets = Secrets.load(task.secrets(), options.environment());
        log.setMasker(secrets.masker());
    }

    /** Changes state.json and writes it. */
    void save(UnaryOperator<RunState> change) {
        state = change.apply(state);
        dir.writeState(state);
    }

    void transition(Status to, String reason) {
        transition(to, reason, true);
    }

    void transition(Status to, String reason, boolean persist) {
        if (!state.status().next().contains(to)) {
            throw new IllegalStateException("illegal status change " + state.status() + " → " + to);
        }
        Status from = state.status();
        state = state.withStatus(to, reason);
        if (persist) dir.writeState(state);
        ObjectNode d = Json.object().put("from", from.name()).put("to", to.name());
        if (reason != null) d.put("reason", reason);
        log.append("state.changed", "runtime", null, d);
    }

    /** Decides the final status; {@link Finishing} records it once the sandbox is gone. The first decision wins. */
    void end(Status to, String reason) {
        if (endStatus != null) return;
        endStatus = to;
        endReason = secrets.masker().mask(reason);
    }

    /** Takes one of recovery.maxRestarts (shared by provisioning, the agent and verification); false when none is left. */
    boolean takeRestart(String reason) {
        if (restarts >= task.recovery().maxRestarts()) {
            log.append("recovery.exhausted", "runtime", Json.object().put("restarts", restarts).put("reason", String.valueOf(reason)));
            return false;
        }
        restarts++;
        return true;
    }

    /** "cancelled by X" from cancel.json, or "cancelled by signal". */
    String cancelReason() {
        try {
            var req = Json.MAPPER.readTree(dir.cancelRequest().toFile());
            return "cancelled by " + req.path("by").asText("unknown");
        } catch (IOException e) {
            return "cancelled by signal";
        }
    }

    boolean isCancelled() {
        return cancelSignal.getAsBoolean() || dir.cancelRequested();
    }

    void checkCancelled() {
        if (isCancelled()) throw new Cancelled();
    }

    static void deleteTree(Path p) {
        if (!Files.exists(p)) return;
        try (var s = Files.walk(p)) {
            for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Thrown at a safe point once the run is cancelled; {@link Finishing} records CANCELLED. */
    static final class Cancelled extends RuntimeException {
        Cancelled() {
            super("cancelled", null, false, false);
        }
    }
}
