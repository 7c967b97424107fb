package dev.agentruntime.jenkins;

import dev.agentruntime.approval.ApprovalDecision;
import dev.agentruntime.approval.ApprovalRequest;
import dev.agentruntime.approval.Approvals;
import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.common.Text;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The Jenkins-independent half of approvals: which requests of a run wait for a human, how the build log shows them,
 * who may answer, and writing the answer exactly as {@code agent-runtime approve} does ({@link Approvals#decide}: an
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
        lines.add("APPROVAL NEEDED " + p.id() + " (run " + runId + (p.turn() != null ? ", turn " + p.turn() : "") + "): "
                + p.action() + " " + p.subject());
        lines.add("  why: " + p.reason() + (p.tool() != null ? "; tool " + p.tool() : ""));
        if (p.diff() != null && !p.diff().isBlank()) lines.add("  diff so far (tail): " + Text.oneLine(p.diff(), 300));
        lines.add((p.timeoutAt() != null ? "  denied automatically at " + p.timeoutAt() + " unless someone decides" : "  waits until someone decides")
                + " on the build page (Agent runs) or with: agent-runtime approve " + runId + " " + p.id() + " --allow|--deny");
        return lines;
    }

    /**
     * Whether {@code user} may decide: the comma-separated {@code submitters} list names them (case-insensitively, as
     * Jenkins' default id strategy compares). An empty list allows nobody from the web: approvals need a named list.
     */
    public static boolean mayDecide(String user, String submitters) {
        if (user == null || submitters == null) return false;
        return Arrays.stream(submitters.split(",")).map(s -> s.strip().toLowerCase(Locale.ROOT))
                .anyMatch(s -> !s.isEmpty() && s.equals(user.strip().toLowerCase(Locale.ROOT)));
    }

    /** Writes the decision file; fails when the request does not exist, is decided already, or the user is not allowed. */
    public static ApprovalDecision decide(Path runDir, String requestId, boolean allow, String user, String reason, String submitters) {
        if (!mayDecide(user, submitters)) {
            throw new SecurityException(user + " may not decide approvals of this run; allowed: "
                    + (submitters == null || submitters.isBlank() ? "nobody (set agentTask's submitter, or agentApprove's for a gate)" : submitters));
        }
        return new Approvals(new RunDirectory(runDir)).decide(requestId, allow, user, reason);
    }
}
