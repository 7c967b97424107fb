package dev.agentruntime.jenkins;

import dev.agentruntime.approval.ApprovalDecision;
import dev.agentruntime.approval.ApprovalRequest;
import dev.agentruntime.approval.Approvals;
import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.common.Text;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Jenkins-independent half of approvals: which requests of a run wait for a human, how the build log shows them,
 * and writing the answer exactly as {@code agent-runtime approve} does ({@link Approvals#decide}: an
 * exclusive create, the first decision wins). agentTask's approval requests and agentApprove's gates share it.
 */
public final class ApprovalBridge {
    private ApprovalBridge() {}

    public static List<PendingApproval> pending(Path runDir) {
        List<PendingApproval> out = new ArrayList<>();
        for (ApprovalRequest r : new Approvals(new RunDirectory(runDir)).pending()) {
            out.add(new PendingApproval(r.id(), r.turn(), r.action(), r.subject(), r.tool(), r.reason(), r.diff(),
                    r.timeoutAt() == null ? null : r.timeoutAt().toString()));
        }
        return out;
    }

    /** The lines the build log shows for a pending request. */
    public static List<String> describe(PendingApproval p, String runId) {
        List<String> lines = new ArrayList<>();
        lines.add("APPROVAL NEEDED " + p.getId() + " (run " + runId + (p.getTurn() != null ? ", turn " + p.getTurn() : "") + "): "
                + p.getAction() + " " + p.getSubject());
        lines.add("  why: " + p.getReason() + (p.getTool() != null ? "; tool " + p.getTool() : ""));
        if (p.getDiff() != null && !p.getDiff().isBlank()) lines.add("  diff so far (tail): " + Text.oneLine(p.getDiff(), 300));
        lines.add((p.getTimeoutAt() != null ? "  denied automatically at " + p.getTimeoutAt() + " unless someone decides" : "  waits until someone decides")
                + " in the input (stage view, Blue Ocean, /input/), on Agent runs, or with: agent-runtime approve " + runId + " " + p.getId() + " --allow|--deny");
        return lines;
    }

    /** The question an approval's input asks. */
    static String question(PendingApproval p, String runId) {
        return "Allow the agent to " + p.getAction() + " " + p.getSubject() + "? (" + p.getReason() + "; run " + runId
                + (p.getTurn() != null ? ", turn " + p.getTurn() : "")
                + (p.getTimeoutAt() != null ? "; denied automatically at " + p.getTimeoutAt() : "") + ")";
    }

    /** Writes the decision file; fails when the request does not exist or is decided already (the first decision wins). */
    public static ApprovalDecision decide(Path runDir, String requestId, boolean allow, String user, String reason) {
        return new Approvals(new RunDirectory(runDir)).decide(requestId, allow, user, reason);
    }

    /** The decision that stands for {@code requestId}, or null while there is none. */
    static Decided standing(Path runDir, String requestId) {
        return new Approvals(new RunDirectory(runDir)).decision(requestId).map(Decided::of).orElse(null);
    }

    /** Writes this decision unless one was written first; returns the one that stands. */
    static Decided decideOrRead(Path runDir, String requestId, boolean allow, String user, String reason) {
        try {
            return Decided.of(decide(runDir, requestId, allow, user, reason));
        } catch (dev.agentruntime.common.BadInputException alreadyDecidedOrUnknown) {
            Decided first = standing(runDir, requestId);
            if (first == null) throw alreadyDecidedOrUnknown;
            return first;
        }
    }
}
