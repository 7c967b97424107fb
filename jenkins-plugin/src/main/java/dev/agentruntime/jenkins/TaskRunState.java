package dev.agentruntime.jenkins;

import java.io.Serializable;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Everything agentTask's execution persists about its run, and nothing that cannot be persisted (no FilePath, no
 * listener, no secret): the node and paths as strings, the cookie, the tail position, which approval requests the log
 * has shown. Serialised with the Pipeline program; after a controller restart the execution continues from it.
 */
public final class TaskRunState implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String node;
    private final String runDir;
    private final String runId;
    private final String cookie;
    private EventTail tail = EventTail.start();
    private final Set<String> announcedApprovals = new LinkedHashSet<>();
    private String status;
    private volatile boolean cancelRequested;

    public TaskRunState(String node, String runDir, String runId, String cookie) {
        this.node = node;
        this.runDir = runDir;
        this.runId = runId;
        this.cookie = cookie;
    }

    public String node() {
        return node;
    }

    public String runDir() {
        return runDir;
    }

    public String runId() {
        return runId;
    }

    public String cookie() {
        return cookie;
    }

    public EventTail tail() {
        return tail;
    }

    public String status() {
        return status;
    }

    public boolean cancelRequested() {
        return cancelRequested;
    }

    public void cancelRequested(boolean requested) {
        this.cancelRequested = requested;
    }

    /**
     * Takes a poll's results once its lines are in the build log. Returns the approval requests not announced before,
     * so each is shown once, also across restarts.
     */
    public java.util.List<PendingApproval> advance(RunPoll poll) {
        tail = poll.next();
        status = poll.status();
        return poll.pending().stream().filter(p -> announcedApprovals.add(p.getId())).toList();
    }
}
