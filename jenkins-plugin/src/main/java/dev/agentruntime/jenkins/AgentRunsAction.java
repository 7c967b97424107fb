package dev.agentruntime.jenkins;

import hudson.FilePath;
import hudson.model.Run;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.function.UnaryOperator;
import jenkins.model.Jenkins;
import jenkins.model.RunAction2;
import org.jenkinsci.plugins.workflow.FilePathUtils;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.HttpResponses;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.interceptor.RequirePOST;

/**
 * "Agent runs" on the build page: each run of the build (agentTask's, or one an agentApprove gate asks about) with its
 * status, the run itself as {@link RunView} reads it (usage, the conversation, checkpoints, approvals and denials,
 * egress, verification) and pending requests — the policy's approval requests and agentApprove's gates — and the POST endpoint that
 * decides one ({@code agentRuns/decide}). Who may decide follows the input step's rule ({@link Deciders}) with the
 * {@code submitter} of the step that asks (agentTask for its run's requests, agentApprove for its gate); the decision
 * is written into the run directory on the node, with the user's id, as {@code agent-runtime approve} writes it.
 *
 * <p>Saved in build.xml. The list and its entries are never changed in place: every update publishes a new list of
 * new entries, so {@code run.save()} on any thread serialises a consistent snapshot without holding a lock.
 */
public class AgentRunsAction implements RunAction2 {
    private volatile ArrayList<Entry> runs = new ArrayList<>();
    private transient Run<?, ?> run;
    /** Views of ended runs (not saved: rebuilt from the node after a restart). */
    private transient volatile Map<String, RunView> views;
    private static final Logger LOGGER = Logger.getLogger(AgentRunsAction.class.getName());

    /** One run as the build page shows it; immutable. */
    public static final class Entry {
        private final String runId;
        private final String node;
        private final String runDir;
        /** agentTask's submitter: who may decide the run's policy approval requests. */
        private final String submitter;
        private final String status;
        private final ArrayList<PendingApproval> pending;
        /** Open agentApprove gates: gate id → that step's submitter. */
        private final LinkedHashMap<String, String> gates;

        Entry(String runId, String node, String runDir, String submitter, String status, List<PendingApproval> pending,
              Map<String, String> gates) {
            this.runId = runId;
            this.node = node;
            this.runDir = runDir;
            this.submitter = submitter;
            this.status = status;
            this.pending = new ArrayList<>(pending);
            this.gates = new LinkedHashMap<>(gates);
        }

        public String getRunId() { return runId; }

        public String getNode() { return node.isEmpty() ? "built-in" : node; }

        public String getRunDir() { return runDir; }

        public String getStatus() { return status; }

        public List<PendingApproval> getPending() { return new ArrayList<>(pending); }

        /** Whether the run ended, so its report is archived. */
        public boolean isEnded() {
            return status != null && List.of("SUCCEEDED", "FAILED", "HANDED_OFF", "CANCELLED").contains(status);
        }

        /** Who may decide {@code requestId}: the gate's agentApprove submitter, else agentTask's. */
        public String submitterFor(String requestId) {
            return gates.containsKey(requestId) ? gates.get(requestId) : submitter;
        }

        /** The same for people. */
        public String decidersOf(String requestId) {
            return Deciders.describe(submitterFor(requestId));
        }

        /** The node's name as FilePathUtils knows it ("" for the built-in node). */
        String node() {
            return node;
        }

        boolean is(String nodeName, String dir) {
            return node.equals(nodeName) && java.nio.file.Path.of(runDir).normalize().equals(java.nio.file.Path.of(dir).normalize());
        }

        private Entry with(String newStatus, List<PendingApproval> newPending, Map<String, String> newGates) {
            return new Entry(runId, node, runDir, submitter, newStatus, newPending, newGates);
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

    /** agentTask's view of its run after a poll. */
    void update(String runId, String node, String runDir, String submitter, String status, List<PendingApproval> pending) {
        // The node's list holds every undecided request of the run, open gates included.
        change(runId, () -> new Entry(runId, node, runDir, submitter, status, pending, Map.of()), e -> e.with(status, pending, e.gates));
    }

    /** agentApprove opened {@code gate} on a run: shown as pending, decided by {@code submitter}. */
    void openGate(String runId, String node, String runDir, String status, PendingApproval gate, String submitter) {
        UnaryOperator<Entry> add = e -> {
            List<PendingApproval> pending = new ArrayList<>(e.pending);
            pending.removeIf(p -> p.getId().equals(gate.getId()));
            pending.add(gate);
            Map<String, String> gates = new LinkedHashMap<>(e.gates);
            gates.put(gate.getId(), submitter);
            return e.with(status, pending, gates);
        };
        change(runId, () -> add.apply(new Entry(runId, node, runDir, null, status, List.of(), Map.of())), add);
    }

    /** The gate was decided (or the step stopped): no longer pending. */
    void closeGate(String runId, String gateId) {
        change(runId, null, e -> {
            List<PendingApproval> pending = new ArrayList<>(e.pending);
            pending.removeIf(p -> p.getId().equals(gateId));
            return e.with(e.status, pending, e.gates);
        });
    }

    private synchronized void change(String runId, java.util.function.Supplier<Entry> create, UnaryOperator<Entry> update) {
        ArrayList<Entry> next = new ArrayList<>(runs);
        for (int i = 0; i < next.size(); i++) {
            if (next.get(i).runId.equals(runId)) {
                next.set(i, update.apply(next.get(i)));
                runs = next;
                return;
            }
        }
        if (create != null) {
            next.add(create.get());
            runs = next;
        }
    }

    public List<Entry> getRuns() {
        return new ArrayList<>(runs);
    }

    /**
     * The run as the page shows it ({@link RunView}), read from the run directory on its node; kept in memory once the
     * run ended (its events no longer change). Null when the node is offline or the directory cannot be read: the page
     * then points at the archived report.
     */
    public RunView view(Entry e) {
        RunView kept = views().get(e.runId);
        if (kept != null) return kept;
        FilePath dir = FilePathUtils.find(e.node, e.runDir);
        if (dir == null) return null;
        try {
            RunView v = StepThreads.remote(() -> dir.act(new RunView.Read()));
            if (e.isEnded()) views().put(e.runId, v);
            return v;
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            return null;
        } catch (IOException | RuntimeException x) {
            LOGGER.log(Level.FINE, "cannot read run " + e.runId + " on " + e.getNode(), x);
            return null;
        }
    }

    private Map<String, RunView> views() {
        Map<String, RunView> v = views;
        if (v == null) {
            synchronized (this) {
                if (views == null) views = new ConcurrentHashMap<>();
                v = views;
            }
        }
        return v;
    }

    /** The entry of the run agentTask started in {@code runDir} on {@code node} in this build, or null. */
    Entry find(String node, String runDir) {
        return runs.stream().filter(e -> e.is(node, runDir)).findFirst().orElse(null);
    }

    @RequirePOST
    public HttpResponse doDecide(@QueryParameter String runId, @QueryParameter String request, @QueryParameter String decision,
                                 @QueryParameter String reason) throws IOException, InterruptedException {
        Entry e = runs.stream().filter(x -> x.runId.equals(runId)).findFirst().orElse(null);
        if (e == null) return HttpResponses.errorWithoutStack(404, Messages.AgentRunsAction_noRun(runId));
        boolean allow = "allow".equals(decision);
        if (!allow && !"deny".equals(decision)) return HttpResponses.errorWithoutStack(400, Messages.AgentRunsAction_badDecision());
        if (e.getPending().stream().noneMatch(p -> p.getId().equals(request))) { // only what this run asked, never a path
            return HttpResponses.errorWithoutStack(404, Messages.AgentRunsAction_noRequest(request, runId));
        }
        String submitter = e.submitterFor(request);
        String user = Jenkins.getAuthentication2().getName();
        if (!Deciders.mayDecide(Objects.requireNonNull(run, "not attached").getParent(), submitter, allow)) {
            return HttpResponses.errorWithoutStack(403, Messages.AgentRunsAction_notAllowed(user, request, runId, Deciders.describe(submitter)));
        }
        FilePath dir = FilePathUtils.find(e.node, e.runDir);
        if (dir == null) return HttpResponses.errorWithoutStack(503, Messages.AgentRunsAction_nodeOffline(e.getNode()));
        Decided d = StepThreads.remote(() -> dir.act(new NodeCalls.Decide(request, allow, user, reason)));
        InputSettler.settle(run, e.node, e.runDir, e.runId, request); // its input, if it has one, ends the same way
        return HttpResponses.text(request + ": " + d.describe());
    }

    /** build.xml written before this field existed, or by hand without it. */
    private Object readResolve() {
        if (runs == null) runs = new ArrayList<>();
        return this;
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
        return Messages.AgentRunsAction_displayName();
    }

    @Override
    public String getUrlName() {
        return "agentRuns";
    }
}
