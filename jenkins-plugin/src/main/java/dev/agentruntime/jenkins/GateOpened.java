package dev.agentruntime.jenkins;

import java.io.Serializable;

/**
 * A gate as opened (or found again) on the node: the run it belongs to, the run's status, and the request as the
 * build page shows it. Serializable: the node computes it, the controller shows it.
 */
public record GateOpened(String runId, String status, PendingApproval request) implements Serializable {
    private static final long serialVersionUID = 1L;
}
