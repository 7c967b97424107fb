package dev.agentruntime.run;

import dev.agentruntime.common.Json;
import dev.agentruntime.rundir.RunState;
import dev.agentruntime.rundir.Status;
import dev.agentruntime.sandbox.DiskVolume;

/**
 * The end of every execution, whatever happened: the sandbox removed, the final status, the report and
 * run.finished, and the terminal state.json written last.
 */
final class Finishing {
    private final RunContext run;
    private final RunSandbox sandbox;
    private final RunCheckpoints checkpoints;

    Finishing(RunContext run, RunSandbox sandbox, RunCheckpoints checkpoints) {
        this.run = run;
        this.sandbox = sandbox;
        this.checkpoints = checkpoints;
    }

    /**
     * Removes the sandbox, then records the final status, the report and run.finished, and writes the terminal
     * state.json last: a reader that sees a final status can rely on the report and the complete event log.
     * Each step is guarded so that a failing one cannot leave the run without a final status.
     */
    void cleanUp() {
        var log = run.log;
        try {
            sandbox.close();
        } catch (RuntimeException e) {
            // Docker went away: the reaper removes the container later (its owner will be dead).
            guarded(() -> log.append("sandbox.remove.failed", "sandbox", Json.object().put("error", String.valueOf(e.getMessage()))));
        }
        if (run.isCancelled() && run.endStatus != Status.SUCCEEDED) {
            run.endStatus = Status.CANCELLED;
            run.endReason = run.cancelReason() + " while " + run.state.status().name();
        }
        if (run.endStatus == null) run.end(Status.FAILED, "the runtime stopped unexpectedly");
        Status last = run.state.status();
        try {
            run.transition(run.endStatus, run.endReason, false);
        } catch (RuntimeException e) {
            run.state = run.state.withStatus(run.endStatus, run.endReason + " (after " + last + ")");
        }
        guarded(sandbox::closeEgress);
        guarded(checkpoints::close); // nothing may write after run.finished
        guarded(() -> RunContext.deleteTree(run.dir.socketDir()));
        guarded(() -> RunReport.write(run));
        // A finished run keeps its workspace in workspace.img (DiskVolume#remount mounts it again), compacted.
        try {
            DiskVolume.release(run.dir);
        } catch (RuntimeException e) {
            guarded(() -> log.append("sandbox.disk.release.failed", "runtime", Json.object().put("error", String.valueOf(e.getMessage()))));
        }
        guarded(() -> log.append("run.finished", "runtime", Json.object().put("status", run.state.status().name())
                .put("reason", run.state.reason()).put("millis", System.currentTimeMillis() - run.start)));
        run.save(s -> s.withEventsHead(new RunState.EventsHead(log.lastSeq(), log.lastHash())));
    }

    private static void guarded(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException ignored) {
            // Best effort during clean-up; the final state.json is still written.
        }
    }
}
