package dev.agentruntime.jenkins;

import hudson.FilePath;
import hudson.model.Run;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.model.Jenkins;
import jenkins.model.RunAction2;
import org.jenkinsci.plugins.workflow.FilePathUtils;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.HttpResponses;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.interceptor.RequirePOST;

/**
 * "Agent runs" on the build page: each agentTask run of the build with its status and pending approval requests, and
 * the POST endpoint that decides one ({@code agentRuns/decide}). Only users named in the step's {@code submitter} may
 * decide; the decision is written into the run directory on the node, with the user's id, as {@code agent-runtime
 * approve} writes it.
 */
public class AgentRunsAction implements RunAction2 {
    private final Map<String, Entry> runs = new LinkedHashMap<>();
    private transient Run<?, ?> run;

    /** One agentTask run as the build page shows it. */
    public static final class Entry {
        public final String runId;
        public final String node;
        public final String runDir;
        public final String submitter;
        public String status;
        public List<PendingApproval> pending = new ArrayList<>();

        Entry(String runId, String node, String runDir, String submitter) {
            this.runId = runId;
            this.node = node;
            this.runDir = runDir;
            this.submitter = submitter;
        }
    }

    /** The build's action, added on first use (the caller saves the run). */
    static synchronized AgentRunsAction of(Run<?, ?> run) {
        AgentRunsAction a = run.getAction(AgentRunsAction.class);
        if (a == null) {
            a = new AgentRunsAction();
            run.addOrReplaceAction(a);
        }
        return a;
    }

    synchronized void update(String runId, String node, String runDir, String submitter, String status, List<PendingApproval> pending) {
        Entry e = runs.computeIfAbsent(runId, id -> new Entry(id, node, runDir, submitter));
        e.status = status;
        e.pending = new ArrayList<>(pending);
    }

    public synchronized List<Entry> getRuns() {
        return new ArrayList<>(runs.values());
    }

    @RequirePOST
    public HttpResponse doDecide(@QueryParameter String runId, @QueryParameter String request, @QueryParameter String decision,
                                 @QueryParameter String reason) throws IOException, InterruptedException {
        Entry e;
        synchronized (this) {
            e = runs.get(runId);
        }
        if (e == null) return HttpResponses.text("no agent run " + runId + " in this build");
        String user = Jenkins.getAuthentication2().getName();
        if (!ApprovalBridge.mayDecide(user, e.submitter)) {
            return HttpResponses.text(user + " may not decide approvals of run " + runId + " (agentTask submitter: "
                    + (e.submitter == null ? "not set" : e.submitter) + ")");
        }
        FilePath dir = FilePathUtils.find(e.node, e.runDir);
        if (dir == null) return HttpResponses.text("node " + e.node + " is offline; try again when it is back");
        boolean allow = "allow".equals(decision);
        if (!allow && !"deny".equals(decision)) return HttpResponses.text("decision must be allow or deny");
        return HttpResponses.text(dir.act(new NodeCalls.Decide(request, allow, user, reason, e.submitter)));
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public String getIconFileName() {
        return "symbol-terminal";
    }

    @Override
    public String getDisplayName() {
        return "Agent runs";
    }

    @Override
    public String getUrlName() {
        return "agentRuns";
    }
}
