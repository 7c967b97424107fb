package dev.agentruntime.jenkins;

import hudson.FilePath;
import hudson.init.InitMilestone;
import hudson.init.Initializer;
import hudson.model.Queue;
import hudson.model.Result;
import hudson.model.Run;
import hudson.security.ACL;
import hudson.security.ACLContext;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jenkinsci.plugins.workflow.FilePathUtils;
import org.jenkinsci.plugins.workflow.flow.FlowExecution;
import org.jenkinsci.plugins.workflow.flow.FlowExecutionList;
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException;
import org.jenkinsci.plugins.workflow.support.steps.input.InputAction;
import org.jenkinsci.plugins.workflow.support.steps.input.InputStepExecution;

/**
 * One decision path: an approval's {@code input} ends as soon as its request is decided in the run directory — with
 * {@code agent-runtime approve} on the node, on the build page, or by the runtime itself (a timeout, a cancelled run).
 * Allowed: the input proceeds (as SYSTEM; who decided is the run directory's record). Denied: it is stopped with
 * {@link DecidedInRun}, which the Groovy behind agentTask and agentApprove tells apart from a build abort. A watcher
 * looks every {@value #PERIOD_SECONDS} s at the open approval inputs of running builds; the build page settles at once.
 */
public final class InputSettler {
    private static final Logger LOGGER = Logger.getLogger(InputSettler.class.getName());
    static final long PERIOD_SECONDS = 2;

    private InputSettler() {}

    /** Settles the input of {@code requestId} when the run directory holds its decision; true when it did. */
    static boolean settle(Run<?, ?> build, String node, String runDir, String runId, String requestId)
            throws IOException, InterruptedException {
        InputStepExecution input = openInput(build, InputIds.of(runId, requestId));
        if (input == null) return false;
        FilePath dir = FilePathUtils.find(node, runDir);
        if (dir == null) return false;
        Decided d = StepThreads.remote(() -> dir.act(new NodeCalls.Standing(requestId)));
        if (d == null) return false;
        if (d.allowed()) {
            // As SYSTEM, never as the named user: the run directory's "by" is not an authenticated Jenkins user (the
            // CLI's --as), and impersonating an unknown one fails. Who decided stays the run directory's record.
            try (ACLContext as = ACL.as2(ACL.SYSTEM2)) {
                input.proceed(Map.of("approver", d.by(), "reason", d.reason() == null ? "" : d.reason()));
            }
        } else {
            try {
                input.stop(new FlowInterruptedException(Result.ABORTED, false, new DecidedInRun(d.decision(), d.by(), d.reason())));
            } catch (IOException | InterruptedException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException("could not end input " + input.getId(), e);
            }
        }
        return true;
    }

    private static InputStepExecution openInput(Run<?, ?> build, String inputId) throws InterruptedException {
        InputAction inputs = build.getAction(InputAction.class);
        if (inputs == null) return null;
        try {
            InputStepExecution e = inputs.getExecution(inputId);
            return e == null || e.isSettled() ? null : e;
        } catch (TimeoutException notLoadedYet) {
            return null;
        }
    }

    /** One approval: a node that does not answer in time (the call is interrupted) does not hold up the others. */
    private static void settleQuietly(Run<?, ?> build, AgentRunsAction.Entry e, String requestId) {
        try {
            settle(build, e.node(), e.getRunDir(), e.getRunId(), requestId);
        } catch (IOException | RuntimeException failed) {
            LOGGER.log(Level.FINE, "could not settle " + requestId + " of " + build, failed);
        } catch (InterruptedException timedOut) {
            Thread.interrupted(); // the remote call's time limit; the next sweep tries again
            LOGGER.log(Level.FINE, "no answer in time about " + requestId + " of " + build, timedOut);
        }
    }

    /** One look at every running build's open approval inputs. */
    static void sweep() {
        for (FlowExecution execution : FlowExecutionList.get()) {
            try {
                Queue.Executable exec = execution.getOwner().getExecutable();
                if (!(exec instanceof Run<?, ?> build)) continue;
                AgentRunsAction runs = build.getAction(AgentRunsAction.class);
                if (runs == null || build.getAction(InputAction.class) == null) continue;
                for (AgentRunsAction.Entry e : runs.getRuns()) {
                    for (PendingApproval p : e.getPending()) settleQuietly(build, e, p.getId());
                }
            } catch (IOException | RuntimeException e) {
                LOGGER.log(Level.FINE, "could not look at the approvals of " + execution, e);
            }
        }
    }

    @Initializer(after = InitMilestone.JOB_LOADED)
    public static void startWatching() {
        StepThreads.pool().scheduleWithFixedDelay(InputSettler::sweepSafely, PERIOD_SECONDS, PERIOD_SECONDS, TimeUnit.SECONDS);
    }

    /** A periodic task that throws is never run again: nothing may escape the watcher. */
    private static void sweepSafely() {
        try {
            sweep();
        } catch (Throwable t) { // NOPMD — keep watching whatever one sweep met
            LOGGER.log(Level.WARNING, "could not look at pending approval inputs; trying again in " + PERIOD_SECONDS + " s", t);
            if (t instanceof OutOfMemoryError oom) throw oom;
        }
    }
}
