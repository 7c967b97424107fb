package dev.agentruntime.approval;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * approvals/&lt;id&gt;.request.json: an action the policy says to ask about, waiting for a human.
 *
 * @param id        request id, unique in the run
 * @param turn      agent turn
 * @param action    action kind (write, shell, package-install, …)
 * @param subject   what the action is about (path, command line, …)
 * @param tool      the agent's tool and its arguments
 * @param rule      index of the policy rule that said "ask"
 * @param reason    the rule's reason
 * @param diff      the workspace diff so far (tail), for context
 * @param timeoutAt when the request counts as denied
 */
public record ApprovalRequest(String id, Instant ts, String runId, Integer turn, String action, String subject, String tool,
                              JsonNode arguments, int rule, String reason, String diff, Instant timeoutAt) {}
