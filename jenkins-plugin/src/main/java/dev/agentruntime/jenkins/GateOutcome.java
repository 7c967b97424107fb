package dev.agentruntime.jenkins;

import dev.agentruntime.approval.ApprovalDecision;
import java.io.Serializable;

/** A gate's decision as agentApprove acts on it: allow → the approver is the step's value; deny → the step fails. */
public record GateOutcome(boolean allowed, String by, String reason) implements Serializable {
    private static final long serialVersionUID = 1L;

    static GateOutcome of(ApprovalDecision d) {
        return new GateOutcome(d.allowed(), d.by(), d.reason());
    }

    /** The step's failure message when denied. */
    public String failure() {
        return "agentApprove: denied by " + by + (reason != null && !reason.isBlank() ? ": " + reason : "");
    }
}
