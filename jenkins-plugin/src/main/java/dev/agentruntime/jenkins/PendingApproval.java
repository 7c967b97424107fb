package dev.agentruntime.jenkins;

import java.io.Serializable;

/**
 * An approval request of a run that has no decision yet (approvals/ap-NNNN.request.json), as the build log and the
 * build page show it. Serializable: it travels from the node to the controller.
 */
public record PendingApproval(String id, Integer turn, String action, String subject, String tool, String reason, String diff,
                              String timeoutAt) implements Serializable {
    private static final long serialVersionUID = 1L;
}
