package dev.agentruntime.run;

import static dev.agentruntime.checkpoint.Checkpoints.restoreWorkspace;

import dev.agentruntime.checkpoint.Checkpoints;
import dev.agentruntime.common.BadInputException;
import dev.agentruntime.common.Json;
import dev.agentruntime.git.Workspace;
import dev.agentruntime.rundir.Heartbeat;
import dev.agentruntime.rundir.Liveness;
import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.rundir.RunState;
import dev.agentruntime.rundir.Status;
import dev.agentruntime.sandbox.Docker;
import dev.agentruntime.sandbox.DiskVolume;
import dev.agentruntime.sandbox.Sandbox;
import dev.agentruntime.task.TaskSpec;
import java.io.IOException;
import java.util.List;

/**
 * Resuming a run whose runtime died (kill -9, host restart): from its last checkpoint, or straight to verification
 * when the work was committed, or provisioning again when it died before the branch — never repeating a side effect
 * the ledger shows as done.
 */
final class Resumption {
    private final RunContext run;
    private final RunSandbox sandbox;
    private final RunCheckpoints checkpoints;
    private final Provisioning provisioning;
    private final AgentPhase agent;
    private final Delivery delivery;

    Resumption(RunContext run, RunSandbox sandbox, RunCheckpoints checkpoints, Provisioning provisioning, AgentPhase agent, Delivery delivery) {
        this.run = run;
        this.sandbox = sandbox;
        this.checkpoints = checkpoints;
        this.provisioning = provisioning;
        this.agent = agent;
        this.delivery = delivery;
    }

    /** The task of a run that may be resumed; a clear error when the run has ended or is still alive. */
    static TaskSpec resumableTask(RunDirectory dir) {
        RunState st = dir.readState();
        if (st.status().isTerminal()) {
            throw new BadInputException("RUN", "run " + dir.runId() + " already ended " + st.status() + "; nothing to resume");
        }
        if (Liveness.of(dir).alive()) {
            throw new BadInputException("RUN", "run " + dir.runId() + " is still running (pid " + st.pid() + " on " + st.host()
                    + "); cancel it first or wait");
        }
        try {
            return Json.MAPPER.readValue(dir.task().toFile(), TaskSpec.class);
        } catch (IOException e) {
            throw new BadInputException("RUN", "cannot read " + dir.task() + ": " + e.getMessage());
        }
    }

    /** After a runtime crash: back to the last checkpoint (or straight to verification if the work was committed). */
    void resume() {
        var dir = run.dir;
        var log = run.log;
        Status was = run.state.status();
        run.transition(Status.RECOVERING, "the runtime died while " + was + "; resuming");
        log.append("run.resumed", "runtime", Json.object().put("previousStatus", was.name()).put("previousPid", run.state.pid())
                .put("previousHost", String.valueOf(run.state.host())));
        run.save(s -> s.withOwner(ProcessHandle.current().pid(), Heartbeat.hostName()));
        run.loadSecrets();
        String version = run.docker.checkDaemon();
        String old = Sandbox.containerName(dir.runId());
        if (run.docker.run(List.of("rm", "-f", old), Docker.CALL_TIMEOUT, null, 4096).ok()) {
            log.append("sandbox.reaped", "runtime", Json.object().put("container", old).put("reason", "left by the dead runtime"));
        }
        if (run.state.branch() == null) {
            // It died while provisioning: nothing has left this machine, so provisioning starts over.
            provisioning.discard();
            provisioning.provision();
            log.append("recovery.finished", "runtime", Json.object().put("kind", "runtime").put("from", "a new clone"));
            checkpoints.start();
            run.transition(Status.RUNNING, null);
            agent.work(null);
            return;
        }
        DiskVolume.remount(dir);
        int locks = StaleLocks.removeAll(dir);
        if (locks > 0) log.append("git.locks.removed", "runtime", Json.object().put("count", locks).put("reason", "left by the dead runtime"));
        run.ws = Workspace.open(dir.workspace(), run.secrets.git());
        ResumePoint at = ResumePoint.read(dir);
        run.baseCommit = at.baseCommit();
        run.startCommit = at.continuedFrom() != null ? at.continuedFrom() : run.baseCommit;
        sandbox.openSockets();
        checkpoints.start();
        if (was == Status.VERIFYING && run.state.commit() != null && run.ws.head().equals(run.state.commit())) {
            log.append("recovery.finished", "runtime", Json.object().put("kind", "runtime").put("from", "commit " + run.state.commit()));
            delivery.afterCommit();
            return;
        }
        if (at.agentEnded() != null) {
            // The agent phase had ended: its final state is taken up again, the agent is not asked twice.
            Checkpoints.latest(dir).filter(c -> c.eventsSeq() >= at.agentEndedSeq()).ifPresent(c -> restoreWorkspace(dir, c));
            Checkpoints.latest(dir).ifPresent(checkpoints::restoreBudget);
            var budget = run.budget;
            budget.restore(at.agentTurns(), budget.inputTokens(), budget.outputTokens(), budget.cachedTokens());
            log.append("recovery.finished", "runtime", Json.object().put("kind", "runtime").put("from", "the agent's final state"));
            delivery.afterAgent(at.agentEnded(), System.currentTimeMillis());
            return;
        }
        String session = checkpoints.resumeFrom(checkpoints.last(), "runtime", version);
        run.transition(Status.RUNNING, null);
        agent.work(session);
    }
}
