package dev.agentruntime.agent;

import dev.agentruntime.events.EventLog;
import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.sandbox.Sandbox;
import dev.agentruntime.task.TaskSpec;
import java.util.function.BooleanSupplier;

/**
 * What an agent gets for one run.
 *
 * @param task      the task (instructions, model, verify commands)
 * @param sandbox   where every command and file operation happens
 * @param events    the run's event log; the agent sets the current turn on it
 * @param budget    usage so far and limits
 * @param apiKey    the model API key, read from the runtime's environment; never passed into the sandbox
 * @param cancelled true once the run has been asked to stop
 * @param run       the run directory (agent home, sockets, raw agent output)
 * @param resumeSession native session id to continue, or null for a fresh session
 * @param gate      policy and approvals for each tool call before it runs
 * @param checkpointBarrier returns once the checkpoint of the turn that just started is taken: a CLI agent gets no
 *                  byte of its model's answer before (so its session and the checkpointed workspace agree)
 */
public record AgentContext(TaskSpec task, Sandbox sandbox, EventLog events, Budget budget, String apiKey,
                           BooleanSupplier cancelled, RunDirectory run, String resumeSession, ActionGate gate,
                           Runnable checkpointBarrier) {
    /** Without checkpoints. */
    public AgentContext(TaskSpec task, Sandbox sandbox, EventLog events, Budget budget, String apiKey,
                        BooleanSupplier cancelled, RunDirectory run, String resumeSession, ActionGate gate) {
        this(task, sandbox, events, budget, apiKey, cancelled, run, resumeSession, gate, () -> { });
    }
}
