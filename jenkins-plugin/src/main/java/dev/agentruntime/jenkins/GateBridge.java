package dev.agentruntime.jenkins;

import dev.agentruntime.approval.ApprovalRequest;
import dev.agentruntime.approval.Approvals;
import dev.agentruntime.rundir.RunDirectory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * agentApprove's Jenkins-independent half, run where the run directory lives: open the gate ({@link Approvals#openGate},
 * idempotent) and the build-log lines. Deciding is {@link ApprovalBridge#decideOrRead}, shared with agentTask's
 * approvals.
 */
public final class GateBridge {
    private GateBridge() {}

    /** The gate's name in the run: the build and the message, so each build asks its own question (once). */
    public static String name(String build, String message) {
        return build + " " + message;
    }

    public static GateOpened open(Path runDir, String name, String message) {
        RunDirectory dir = new RunDirectory(runDir);
        ApprovalRequest r = new Approvals(dir).openGate(name, message);
        PendingApproval p = new PendingApproval(r.id(), null, r.action(), r.subject(), null, r.reason(), null, null);
        return new GateOpened(r.runId(), dir.readState().status().name(), p);
    }

    /** The build-log lines of an open gate: what is asked, who may decide on the build page, the CLI alternative. */
    public static List<String> describe(GateOpened g, String runDir, String node, String deciders) {
        String id = g.request().getId();
        List<String> lines = new ArrayList<>();
        lines.add("agentApprove: waiting at gate " + id + " of run " + g.runId() + " (" + g.status() + "): " + g.request().getSubject());
        lines.add("  who may decide: " + deciders + " — in the input (build page, stage view, Blue Ocean, /input/) or on Agent runs");
        lines.add("  or on node " + (node == null || node.isEmpty() ? "built-in" : node) + ": agent-runtime approve " + runDir + " " + id
                + " --allow|--deny --as USER --reason '…'");
        return lines;
    }
}
