package dev.agentruntime.approval;

import java.time.Instant;

/**
 * approvals/&lt;id&gt;.decision.json, written once by a controller (CLI, Jenkins).
 *
 * @param decision allow or deny
 * @param by       who decided (a user name; "timeout" when nobody did)
 * @param reason   why, free text
 */
public record ApprovalDecision(String decision, String by, String reason, Instant ts) {
    public boolean allowed() {
        return "allow".equals(decision);
    }
}
