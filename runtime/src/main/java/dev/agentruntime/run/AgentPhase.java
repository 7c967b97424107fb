package dev.agentruntime.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentruntime.agent.AgentContext;
import dev.agentruntime.agent.AgentResult;
import dev.agentruntime.agent.AgentResult.Outcome;
import dev.agentruntime.agent.Budget;
import dev.agentruntime.common.Json;
import dev.agentruntime.rundir.Status;
import dev.agentruntime.sandbox.SandboxLostException;

/**
 * The agent phase: the agent works in the sandbox until it finishes or stops; a lost sandbox, a dead agent or a
 * broken model answer restarts it from the last checkpoint (within recovery.maxRestarts).
 */
final class AgentPhase {
    private final RunContext run;
    private final RunSandbox sandbox;
    private final RunCheckpoints checkpoints;
    private final RunGates gates;
    private final Delivery delivery;

    AgentPhase(RunContext run, RunSandbox sandbox, RunCheckpoints checkpoints, RunGates gates, Delivery delivery) {
        this.run = run;
        this.sandbox = sandbox;
        this.checkpoints = checkpoints;
        this.gates = gates;
        this.delivery = delivery;
    }

    /** The agent phase and everything after it; {@code resume}: the agent session to continue, or null. */
    void work(String resume) {
        long t1 = System.currentTimeMillis();
        delivery.afterAgent(runAgent(resume), t1);
    }

    private AgentResult runAgent(String resume) {
        var task = run.task;
        var log = run.log;
        String apiKey = null;
        String keyVar = task.model().apiKeyEnv();
        if (keyVar != null) {
            apiKey = run.options.environment().apply(keyVar);
            if (apiKey == null || apiKey.isEmpty()) {
                throw new IllegalStateException("model.apiKeyEnv: environment variable " + keyVar
                        + " is not set for the runtime; export it (the key never enters the sandbox)");
            }
        }
        log.append("agent.started", "agent", Json.object().put("agent", task.agent()).put("model", task.model().model())
                .put("baseUrl", task.model().baseUrl()));
        if (!run.resumed) run.budget = new Budget(task.budgets()); // the agent's budgets start with the agent, not with provisioning
        Budget budget = run.budget;
        budget.measureRunDirectory(() -> RunDirectoryUsage.bytes(run.dir));
        AgentResult r;
        while (true) {
            try {
                r = run.options.agents().get(task.agent())
                        .run(new AgentContext(task, sandbox.current(), log, budget, apiKey, run::isCancelled, run.dir, resume, gates.gate(),
                                checkpoints::awaitPending));
            } catch (SandboxLostException e) {
                r = AgentResult.stopped(Outcome.SANDBOX_LOST, e.getMessage());
            }
            boolean lost = r.outcome() == Outcome.SANDBOX_LOST || (r.outcome() != Outcome.FINISHED
                    && r.outcome() != Outcome.CANCELLED && !run.isCancelled() && sandbox.current() != null && sandbox.current().lost());
            boolean model = r.outcome() == Outcome.MODEL_FAULT;
            boolean crashed = r.outcome() == Outcome.CRASHED || model;
            if (!(lost || crashed) || run.isCancelled()) break;
            if (!run.takeRestart(r.reason())) break;
            log.setTurn(null);
            String kind = lost ? "sandbox" : model ? "model" : "agent";
            run.transition(Status.RECOVERING, (lost ? "the sandbox was lost: " : model ? "the model broke an answer: " : "the agent died: ") + r.reason());
            log.append("recovery.started", "runtime", Json.object().put("kind", kind).put("attempt", run.restarts)
                    .put("reason", String.valueOf(r.reason())));
            checkpoints.awaitPending();
            // Nothing of the old sandbox may run while host-side restore writes into the workspace and home.
            sandbox.closeQuietly();
            resume = checkpoints.resumeFrom(checkpoints.last(), kind, null);
            run.transition(Status.RUNNING, null);
        }
        run.save(s -> s.withTurn(budget.turns()));
        log.setTurn(null);
        ObjectNode data = Json.object().put("outcome", r.outcome().name()).put("turns", budget.turns());
        if (r.summary() != null) data.put("summary", r.summary());
        if (r.reason() != null) data.put("reason", r.reason());
        log.append("agent.finished", "agent", data);
        return r;
    }
}
