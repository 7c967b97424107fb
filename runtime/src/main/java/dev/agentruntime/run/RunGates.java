package dev.agentruntime.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentruntime.agent.ActionGate;
import dev.agentruntime.agent.ToolKind;
import dev.agentruntime.approval.Approvals;
import dev.agentruntime.policy.Policy;
import dev.agentruntime.policy.PolicyEngine;
import java.nio.file.Path;

/** The task's policy in front of every tool call and every commit, and the checkpoint barrier before an action. */
final class RunGates {
    private final RunContext run;
    private final RunCheckpoints checkpoints;
    private PolicyGate policyGate;
    private ActionGate gate;

    RunGates(RunContext run, RunCheckpoints checkpoints) {
        this.run = run;
        this.checkpoints = checkpoints;
    }

    /** The gate of the agent's actions ({@code policy: none}: no policy, only the checkpoint barrier). */
    ActionGate gate() {
        if (gate == null) gate = withCheckpointBarrier(policyGate());
        return gate;
    }

    /** The agent's first action of a turn waits for that turn's checkpoint; a human's decision time is not billed. */
    private ActionGate withCheckpointBarrier(ActionGate inner) {
        return new ActionGate() {
            @Override
            public Verdict check(String tool, ToolKind kind, JsonNode args) {
                if (checkpoints.started()) checkpoints.awaitPending();
                long t0 = System.nanoTime();
                try {
                    return inner.check(tool, kind, args);
                } finally {
                    // Time a human takes to decide is not the agent's: the wall-clock budget does not run meanwhile.
                    long waited = System.nanoTime() - t0;
                    if (waited > 1_000_000_000L && run.budget != null) run.budget.addElapsed(java.time.Duration.ofNanos(-waited));
                }
            }

            @Override
            public boolean mayRefuse() {
                return inner.mayRefuse();
            }
        };
    }

    /** The task's policy ({@code policy: none}: {@link ActionGate#ALLOW_ALL}). */
    ActionGate policyGate() {
        var task = run.task;
        if (task.policy().equals("none")) return ActionGate.ALLOW_ALL;
        if (policyGate == null) {
            Policy policy = task.policy().equals("default") ? Policy.defaults() : Policy.load(Path.of(task.policy()));
            policyGate = new PolicyGate(new PolicyEngine(policy), new Approvals(run.dir), run.log, run.dir.runId(), task.approvals().timeout(),
                    s -> run.transition(s, null), run::isCancelled, () -> run.ws.workingDiff());
        }
        return policyGate;
    }
}
