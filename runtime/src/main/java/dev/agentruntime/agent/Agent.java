package dev.agentruntime.agent;

/**
 * A coding agent the runtime can drive inside a sandbox. Implementations record every turn, tool call and
 * usage in the run's event log and stop when {@link AgentContext#budget()} or cancellation says so.
 */
public interface Agent {
    /** Name used in task specs ({@code agent:}) and commit trailers. */
    String name();

    /** Works on the task until it finishes, fails, runs out of budget or is cancelled. Never throws for those. */
    AgentResult run(AgentContext ctx);
}
