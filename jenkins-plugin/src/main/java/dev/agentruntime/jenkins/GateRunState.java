package dev.agentruntime.jenkins;

import dev.agentruntime.approval.Approvals;
import java.io.Serializable;

/**
 * Everything agentApprove's execution persists, all strings: where the run directory is, the gate's name and
 * message, who may decide. After a controller restart the execution opens the same gate again (idempotent: the
 * existing request is found, not duplicated) and goes on waiting for its decision.
 */
public final class GateRunState implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String node;
    private final String runDir;
    private final String name;
    private final String message;
    private final String submitter;

    public GateRunState(String node, String runDir, String name, String message, String submitter) {
        this.node = node;
        this.runDir = runDir;
        this.name = name;
        this.message = message;
        this.submitter = submitter;
    }

    public String node() {
        return node;
    }

    public String runDir() {
        return runDir;
    }

    public String name() {
        return name;
    }

    public String message() {
        return message;
    }

    public String submitter() {
        return submitter;
    }

    public String gateId() {
        return Approvals.gateId(name);
    }

    /** The run id: the run directory's name. */
    public String runId() {
        String dir = runDir.replace('\\', '/').replaceAll("/+$", "");
        return dir.substring(dir.lastIndexOf('/') + 1);
    }
}
