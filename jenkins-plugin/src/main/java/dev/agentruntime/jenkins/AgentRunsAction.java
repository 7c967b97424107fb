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
 * "Agent runs" on the build page: each run of the build (agentTask's, or one an agentApprove gate asks about) with its
 * status and pending requests — the policy's approval requests and agentApprove's gates — and the POST endpoint that
 * decides one ({@code agentRuns/decide}). Only users named in the {@code submitter} of the step that asks (agentTask
 * for its run's requests, agentApprove for its gate) may decide; the decision is written into the run directory on the
 * node, with the user's id, as {@code agent-runtime approve} writes it.
 */
public class AgentRunsAction implements RunAction2 {
    private final Map<String, Entry> runs = new LinkedHashMap<>();
    private transient Run<?, ?> run;

    /** One run as the build page shows it. */
    public static final class Entry {
        public final String runId;
        public final String node;
        public final String runDir;
        /** agentTask's submitter: who may decide the run's policy approval requests. */
        public final String submitter;
        public String status;
        public List<PendingApproval> pending = new ArrayList<>();
        /** Open agentApprove gates: gate id → that step's submitter (null in builds saved before gates existed). */
        private Map<String, String> gates = new LinkedHashMap<>();

        Entry(String runId, String node, String runDir, String submitter) {
            this.runId = runId;
            this.node = node;
            this.runDir = runDir;
            this.submitter = submitter;
        }

        /** Who may decide {@code requestId}: the gate's agentApprove submitter, else agentTask's. */
        public synchronized String submitterFor(String requestId) {
            return gates != null && gates.containsKey(requestId) ? gates.get(requestId) : submitter;
        }

        /** The same for people: the list, or "nobody" when it is empty. */
        public String decidersOf(String requestId) {
            String s = submitterFor(requestId);
            return s == null || s.isBlank() ? "nobody from Jenkins (no submitter given)" : s;
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

    /** agentApprove opened {@code gate} on a run: shown as pending, decided by {@code submitter}. */
    synchronized void openGate(String runId, String node, String runDir, String status, PendingApproval gate, String submitter) {
        Entry e = runs.computeIfAbsent(runId, id -> new Entry(id, node, runDir, null));
        synchronized (e) {
            if (e.gates == null) e.gates = new LinkedHashMap<>();
            e.gates.put(gate.id(), submitter);
        }
        e.status = status;
        List<PendingApproval> pending = new ArrayList<>(e.pending);
        pending.removeIf(p -> p.id().equals(gate.id()));
        pending.add(gate);
        e.pending = pending;
    }

    /** The gate was decided (or the step stopped): no longer pending. */
    synchronized void closeGate(String runId, String gateId) {
        Entry e = runs.get(runId);
        if (e == null) return;
        List<PendingApproval> pending = new ArrayList<>(e.pending);
        pending.removeIf(p -> p.id().equals(gateId));
        e.pending = pending;
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
        String submitter = e.submitterFor(request);
        if (!ApprovalBridge.mayDecide(user, submitter)) {
            return HttpResponses.text(user + " may not decide " + request + " of run " + runId + " (may decide: "
                    + e.decidersOf(request) + ")");
        }
        FilePath dir = FilePathUtils.find(e.node, e.runDir);
        if (dir == null) return HttpResponses.text("node " + e.node + " is offline; try again when it is back");
        boolean allow = "allow".equals(decision);
        if (!allow && !"deny".equals(decision)) return HttpResponses.text("decision must be allow or deny");
        return HttpResponses.text(dir.act(new NodeCalls.Decide(request, allow, user, reason, submitter)));
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
