package dev.agentruntime.run;

import dev.agentruntime.agent.AgentResult;
import dev.agentruntime.common.Json;
import dev.agentruntime.rundir.Status;
import dev.agentruntime.sandbox.SandboxLostException;

/**
 * What becomes of the agent's work: its final checkpoint and commit, then verification and push — or a handoff
 * (the work pushed as it is, handoff.md saying how to continue), or a failure.
 */
final class Delivery {
    private final RunContext run;
    private final RunSandbox sandbox;
    private final RunCheckpoints checkpoints;
    private final WorkCommit commit;
    private final Verification verification;

    Delivery(RunContext run, RunSandbox sandbox, RunCheckpoints checkpoints, WorkCommit commit, Verification verification) {
        this.run = run;
        this.sandbox = sandbox;
        this.checkpoints = checkpoints;
        this.commit = commit;
        this.verification = verification;
    }

    /** The agent's final checkpoint and commit, then verification and push, or a handoff. */
    void afterAgent(AgentResult result, long t1) {
        // Nothing the agent started may outlive its phase: what is committed, verified and pushed must be
        // exactly the tree the agent left, untouchable by a leftover background process.
        sandbox.close();
        checkpoints.takeNow(run.budget.turns() + 1); // the agent's final state, for handoff and crash recovery
        run.agentMs = System.currentTimeMillis() - t1;
        run.checkCancelled();
        run.summary = result.summary();
        boolean finished = result.outcome() == AgentResult.Outcome.FINISHED;
        boolean changed;
        try {
            changed = commit.commitWork(finished ? null : "partial work, " + result.outcome().name().toLowerCase());
        } catch (IllegalStateException blocked) {
            if (finished || run.isCancelled()) throw blocked;
            run.end(Status.FAILED, result.reason() + "; and " + blocked.getMessage());
            return;
        }
        if (!finished) {
            boolean recoverable = result.outcome() == AgentResult.Outcome.BUDGET_EXCEEDED || result.outcome() == AgentResult.Outcome.CRASHED
                    || result.outcome() == AgentResult.Outcome.SANDBOX_LOST || result.outcome() == AgentResult.Outcome.MODEL_FAULT;
            if (recoverable && !run.isCancelled()) handOff(result.reason(), changed);
            else run.end(Status.FAILED, result.reason());
            return;
        }
        if (!changed) {
            run.end(Status.FAILED, "the agent finished without changing any file");
            return;
        }
        afterCommit();
    }

    /** Verification and push of the committed work. */
    void afterCommit() {
        run.transition(Status.VERIFYING, null);
        long t2 = System.currentTimeMillis();
        try {
            run.verification = verification.verify();
        } catch (SandboxLostException e) {
            if (run.isCancelled()) throw e;
            handOff("the verification sandbox was lost and recovery.maxRestarts is used up (" + e.getMessage() + ")", true);
            return;
        }
        run.verifyMs = System.currentTimeMillis() - t2;
        run.checkCancelled();
        if (!run.verification.passed()) {
            handOff(run.verification.failureReason() + "; the branch is not ready for a pull request", true);
            return;
        }

        long t3 = System.currentTimeMillis();
        var ws = run.ws;
        new PushLedger(run.dir.ledger(), run.log).push(ws, run.state.branch(), run.state.commit() != null ? run.state.commit() : ws.head());
        run.save(s -> s.withCommit(s.commit(), true));
        run.log.append("push.completed", "git", Json.object().put("remote", "origin").put("branch", run.state.branch())
                .put("commit", run.state.commit()));
        run.publishMs = System.currentTimeMillis() - t3;
        run.end(Status.SUCCEEDED, null);
    }

    /** The run cannot finish: its work is pushed to the task branch and handoff.md says how to continue. */
    private void handOff(String reason, boolean changed) {
        var ws = run.ws;
        var log = run.log;
        if (changed) {
            try {
                new PushLedger(run.dir.ledger(), log).push(ws, run.state.branch(), ws.head());
                run.save(s -> s.withCommit(ws.head(), true));
                log.append("push.completed", "git", Json.object().put("remote", "origin").put("branch", run.state.branch())
                        .put("commit", run.state.commit()).put("handoff", true));
            } catch (RuntimeException e) {
                log.append("push.failed", "git", Json.object().put("branch", run.state.branch()).put("error", String.valueOf(e.getMessage())));
                reason = reason + "; the work could not be pushed (" + e.getMessage() + "), it stays in the run's workspace";
            }
        }
        var masker = run.secrets.masker();
        Handoff.write(run.dir, run.task, run.state, masker.mask(reason), run.verification, masker);
        log.append("handoff.written", "runtime", Json.object().put("file", "handoff.md").put("reason", reason));
        run.end(Status.HANDED_OFF, reason);
    }
}
