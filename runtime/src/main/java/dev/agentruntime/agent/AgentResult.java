package dev.agentruntime.agent;

/**
 * How an agent's work ended.
 *
 * @param outcome what happened
 * @param summary the agent's own summary of its work (from finish, or its last message)
 * @param reason  why it stopped, for anything but FINISHED
 */
public record AgentResult(Outcome outcome, String summary, String reason) {
    /**
     * CRASHED: the agent process died without finishing; SANDBOX_LOST: its sandbox went away; MODEL_FAULT: the model
     * endpoint broke an answer (a stream that hung, dropped or sent a malformed chunk), so whatever the agent made of
     * it cannot be trusted. All three are recoverable from the last checkpoint.
     */
    public enum Outcome { FINISHED, BUDGET_EXCEEDED, FAILED, CANCELLED, CRASHED, SANDBOX_LOST, MODEL_FAULT }

    public static AgentResult finished(String summary) {
        return new AgentResult(Outcome.FINISHED, summary, null);
    }

    public static AgentResult stopped(Outcome o, String reason) {
        return new AgentResult(o, null, reason);
    }
}
