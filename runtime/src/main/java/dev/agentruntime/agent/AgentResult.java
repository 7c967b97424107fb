package dev.agentruntime.agent;

/**
 * How an agent's work ended.
 *
 * @param outcome what happened
 * @param summary the agent's own summary of its work (from finish, or its last message)
 * @param reason  why it stopped, for anything but FINISHED
 */
public record AgentResult(Outcome outcome, String summary, String reason) {
    /** CRASHED: the agent process died without finishing; SANDBOX_LOST: its sandbox went away. Both are recoverable. */
    public enum Outcome { FINISHED, BUDGET_EXCEEDED, FAILED, CANCELLED, CRASHED, SANDBOX_LOST }

    public static AgentResult finished(String summary) {
        return new AgentResult(Outcome.FINISHED, summary, null);
    }

    public static AgentResult stopped(Outcome o, String reason) {
        return new AgentResult(o, null, reason);
    }
}
