package dev.agentruntime.approval;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * approvals/&lt;id&gt;.request.json: an action the policy says to ask about, or a pipeline gate, waiting for a human.
 *
 * @param id        request id, unique in the run (ap-NNNN for the policy's requests, gate-… for gates)
 * @param turn      agent turn; null for gates and commit-time checks
 * @param action    action kind (write, shell, package-install, …; {@value Approvals#GATE} for a gate)
 * @param subject   what the action is about (path, command line, …; a gate's message)
 * @param tool      the agent's tool and its arguments; null for gates
 * @param rule      index of the policy rule that said "ask"; null for gates
 * @param reason    the rule's reason ("pipeline gate" for gates)
 * @param diff      the workspace diff so far (tail), for context; null for gates
 * @param timeoutAt when the request counts as denied; null: never (gates)
 */
public record ApprovalRequest(String id, Instant ts, String runId, Integer turn, String action, String subject, String tool,
                              JsonNode arguments, Integer rule, String reason, String diff, Instant timeoutAt) {
    @JsonIgnore
    public boolean isGate() {
        return Approvals.GATE.equals(action);
    }

    /** One line for people: id, turn, what, why, and until when. */
    public String describe() {
        return id + (turn != null ? "  turn " + turn : "") + "  " + action + " " + subject + "  (" + reason
                + (timeoutAt != null ? "; denied at " + timeoutAt + " unless decided" : "; no timeout") + ")";
    }
}
