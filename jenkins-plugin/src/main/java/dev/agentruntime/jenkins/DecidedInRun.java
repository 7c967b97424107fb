package dev.agentruntime.jenkins;

import jenkins.model.CauseOfInterruption;

/**
 * Why an approval's {@code input} ended without anyone answering it: the request was decided in the run directory —
 * with {@code agent-runtime approve} on the node, on the build page, or by the runtime itself (a timeout, a
 * cancelled run). The Groovy behind agentTask and agentApprove tells this apart from a build abort.
 */
public final class DecidedInRun extends CauseOfInterruption {
    private static final long serialVersionUID = 1L;

    private final String decision;
    private final String by;
    private final String reason;

    DecidedInRun(String decision, String by, String reason) {
        this.decision = decision;
        this.by = by;
        this.reason = reason;
    }

    public String getDecision() { return decision; }

    public String getBy() { return by; }

    public String getReason() { return reason; }

    @Override
    public String getShortDescription() {
        return "Decided in the run directory: " + decision + " by " + by + (reason != null && !reason.isBlank() ? " (" + reason + ")" : "");
    }
}
