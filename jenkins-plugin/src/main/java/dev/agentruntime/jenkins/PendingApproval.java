package dev.agentruntime.jenkins;

import java.io.Serializable;
import java.util.Objects;

/**
 * An approval request of a run that has no decision yet (approvals/ap-NNNN.request.json, or an agentApprove gate), as
 * the build log and the build page show it. A plain class, not a record: it is kept in build.xml, and Jenkins' XStream
 * cannot write records. Serializable: it travels from the node to the controller.
 */
public final class PendingApproval implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String id;
    private final Integer turn;
    private final String action;
    private final String subject;
    private final String tool;
    private final String reason;
    private final String diff;
    private final String timeoutAt;

    public PendingApproval(String id, Integer turn, String action, String subject, String tool, String reason, String diff,
                           String timeoutAt) {
        this.id = id;
        this.turn = turn;
        this.action = action;
        this.subject = subject;
        this.tool = tool;
        this.reason = reason;
        this.diff = diff;
        this.timeoutAt = timeoutAt;
    }

    public String getId() { return id; }

    /** The agent turn that asked, or null for a gate. */
    public Integer getTurn() { return turn; }

    public String getAction() { return action; }

    public String getSubject() { return subject; }

    public String getTool() { return tool; }

    public String getReason() { return reason; }

    /** The diff so far (tail), or null. */
    public String getDiff() { return diff; }

    /** When the runtime denies it by itself (ISO-8601), or null when it waits for a decision. */
    public String getTimeoutAt() { return timeoutAt; }

    @Override
    public boolean equals(Object o) {
        return o instanceof PendingApproval p && Objects.equals(id, p.id) && Objects.equals(turn, p.turn) && Objects.equals(action, p.action)
                && Objects.equals(subject, p.subject) && Objects.equals(tool, p.tool) && Objects.equals(reason, p.reason)
                && Objects.equals(diff, p.diff) && Objects.equals(timeoutAt, p.timeoutAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, turn, action, subject, tool, reason, diff, timeoutAt);
    }

    @Override
    public String toString() {
        return "PendingApproval[" + id + ": " + action + " " + subject + "]";
    }
}
