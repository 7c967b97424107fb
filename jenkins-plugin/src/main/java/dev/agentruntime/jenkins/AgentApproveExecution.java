package dev.agentruntime.jenkins;

import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.jenkinsci.plugins.workflow.FilePathUtils;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * agentApprove's execution: opens the gate in the run directory on the node, shows it in the build log and on the
 * build page, and polls (on {@link StepThreads}, with backoff, each call to the node time-limited) for its decision
 * file. Persists only {@link GateRunState} (strings) and its pace; after a controller restart it opens the same gate
 * again — the existing request is found — and polls on. With {@code node:} it reaches only run directories that an
 * agentTask of the same build started: a build cannot point it at any directory of any node.
 */
final class AgentApproveExecution extends StepExecution {
    private static final long serialVersionUID = 1L;
    private static final long MIN_DELAY_MS = 1_000;
    private static final long MAX_DELAY_MS = 10_000;

    /** Read in {@link #start} only; null after a restart. */
    private final transient AgentApproveStep step;
    private GateRunState state;
    private long delay = MIN_DELAY_MS;

    private transient volatile boolean stopped;

    AgentApproveExecution(AgentApproveStep step, StepContext context) {
        super(context);
        this.step = step;
    }

    @Override
    public boolean start() throws Exception {
        StepContext ctx = getContext();
        String message = step.effectiveMessage();
        String nodeName;
        String runDir;
        if (TaskYaml.isSet(step.getNode())) { // found from the controller: no executor is held while people decide
            nodeName = "built-in".equals(step.getNode()) ? "" : step.getNode();
            runDir = Path.of(step.getRun()).normalize().toString();
            AgentRunsAction runs = ctx.get(Run.class).getAction(AgentRunsAction.class);
            if (runs == null || runs.find(nodeName, runDir) == null) {
                throw new AbortException(Messages.AgentApproveExecution_notThisBuildsRun(step.getRun(), step.getNode()));
            }
        } else {
            FilePath ws = ctx.get(FilePath.class);
            if (ws == null) throw new AbortException(Messages.AgentApproveExecution_noNode());
            nodeName = FilePathUtils.getNodeName(ws);
            runDir = ws.child(step.getRun()).getRemote();
        }
        state = new GateRunState(nodeName, runDir,
                GateBridge.name(ctx.get(Run.class).getExternalizableId(), message), message, step.getSubmitter());
        ctx.saveState();
        schedule(0, () -> open(false));
        return false;
    }

    @Override
    public void onResume() {
        if (state == null) {
            getContext().onFailure(new AbortException(Messages.AgentApproveExecution_restartedBeforeOpen()));
            return;
        }
        schedule(MIN_DELAY_MS, () -> open(true));
    }

    /** Records a deny by "jenkins" in the run directory (unless someone decided first), then fails with {@code cause}. */
    @Override
    public void stop(Throwable cause) {
        stopped = true;
        StepThreads.pool().execute(() -> {
            try {
                FilePath dir = state == null ? null : FilePathUtils.find(state.node(), state.runDir());
                if (dir != null) {
                    String why = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
                    GateOutcome o = StepThreads.remote(() -> dir.act(new NodeCalls.StopGate(state.gateId(), "stopped: " + why)));
                    if (o != null) log().println("agentApprove: stopped; gate " + state.gateId() + " stands " + (o.allowed() ? "allowed" : "denied") + " by " + o.by());
                    closeGate();
                }
            } catch (IOException | InterruptedException | RuntimeException e) { // the node went away: the gate stays open in the run directory
                try {
                    log().println("agentApprove: could not record the stop in run " + state.runId() + ": " + e);
                } catch (IOException | InterruptedException ignored) {
                    // no log either: the failure below still ends the step
                }
            } finally {
                getContext().onFailure(cause);
            }
        });
    }

    @Override
    public String getStatus() {
        return state == null ? "starting" : "waiting at gate " + state.gateId() + " of run " + state.runId();
    }

    /** Opens the gate (again, after a restart: idempotent), says so, registers it on the build page, then polls. */
    private void open(boolean resumed) throws Exception {
        if (stopped) return;
        FilePath dir = FilePathUtils.find(state.node(), state.runDir());
        if (dir == null) { // the node is offline: the gate waits for it
            schedule(MAX_DELAY_MS, () -> open(resumed));
            return;
        }
        GateOpened g;
        try {
            g = StepThreads.remote(() -> dir.act(new NodeCalls.OpenGate(state.name(), state.message())));
        } catch (AbortException bad) { // not a run directory, no message
            throw bad;
        } catch (IOException | InterruptedException e) { // the channel broke or hung (agent reconnecting): try again
            Thread.interrupted();
            log().println("agentApprove: cannot reach run " + state.runId() + " yet (" + e.getMessage() + "); retrying");
            schedule(MAX_DELAY_MS, () -> open(resumed));
            return;
        }
        if (resumed) log().println("agentApprove: still waiting at gate " + g.request().getId() + " of run " + g.runId());
        else GateBridge.describe(g, state.runDir(), state.node(), Deciders.describe(state.submitter())).forEach(log()::println);
        Run<?, ?> run = getContext().get(Run.class);
        AgentRunsAction.of(run).openGate(g.runId(), state.node(), state.runDir(), g.status(), g.request(), state.submitter());
        run.save();
        schedule(MIN_DELAY_MS, this::poll);
    }

    private void poll() throws Exception {
        if (stopped) return;
        FilePath dir = FilePathUtils.find(state.node(), state.runDir());
        GateOutcome o;
        try {
            o = dir == null ? null : StepThreads.remote(() -> dir.act(new NodeCalls.PollGate(state.gateId())));
        } catch (IOException | InterruptedException e) { // the channel broke or hung (agent reconnecting): try again
            Thread.interrupted();
            o = null;
        }
        if (o == null) {
            delay = dir == null ? MAX_DELAY_MS : Math.min(MAX_DELAY_MS, delay * 3 / 2);
            schedule(delay, this::poll);
            return;
        }
        if (stopped) return;
        try {
            closeGate();
        } catch (IOException e) { // the build page keeps showing it; the decision stands in the run directory
            log().println("agentApprove: could not update the build page: " + e.getMessage());
        }
        if (o.allowed()) {
            log().println("agentApprove: gate " + state.gateId() + " allowed by " + o.by() + (o.reason() != null ? ": " + o.reason() : ""));
            getContext().onSuccess(o.by());
        } else {
            getContext().onFailure(new AbortException(o.failure()));
        }
    }

    private void closeGate() throws IOException, InterruptedException {
        Run<?, ?> run = getContext().get(Run.class);
        AgentRunsAction.of(run).closeGate(state.runId(), state.gateId());
        run.save();
    }

    private PrintStream log() throws IOException, InterruptedException {
        return getContext().get(TaskListener.class).getLogger();
    }

    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }

    private void schedule(long delayMs, Work work) {
        StepThreads.pool().schedule(() -> {
            try {
                work.run();
            } catch (Throwable t) {
                if (!stopped) getContext().onFailure(t);
            }
        }, delayMs, TimeUnit.MILLISECONDS);
    }
}
