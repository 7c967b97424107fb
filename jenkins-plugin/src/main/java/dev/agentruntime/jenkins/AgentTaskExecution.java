package dev.agentruntime.jenkins;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import dev.agentruntime.rundir.RunId;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import jenkins.util.BuildListenerAdapter;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.jenkinsci.plugins.workflow.FilePathUtils;
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * agentTask's execution, durable like {@code sh}: the runtime runs detached on the node and keeps its record in the run
 * directory; this execution persists strings only ({@link TaskRunState}, the step's credentials id and secret
 * bindings — never the step object, never a value) and, after a controller restart, polls the same directory from
 * the saved position. Nothing here blocks the CPS thread: launch and polls run on {@link StepThreads}, each call to
 * the node time-limited.
 */
final class AgentTaskExecution extends StepExecution {
    private static final long serialVersionUID = 1L;
    private static final long MIN_DELAY_MS = 250;
    private static final long MAX_DELAY_MS = 5_000;
    private static final long LAUNCH_GRACE_MS = 120_000;
    private static final long CANCEL_GRACE_MS = 60_000;
    private static final long STALE_HEARTBEAT_MS = 30_000;

    /** Read in {@link #start} and the launch only; null after a restart. */
    private final transient AgentTaskStep step;
    private TaskRunState state;
    /** Continuing a run ({@code resume}) to stop it: its result is returned, not the stop's failure. */
    private final boolean cancelling;
    private long delay = MIN_DELAY_MS;
    private volatile boolean stopRequested;
    private volatile long cancelledAt;

    /** Why the step was stopped (e.g. the timeout step's own cause); after a restart, a plain abort. */
    private transient volatile Throwable stopCause;
    private transient long firstPollAt;
    private transient boolean warnedStale;
    private transient LogMasker masker;

    AgentTaskExecution(AgentTaskStep step, StepContext context) {
        super(context);
        this.step = step;
        this.cancelling = step.isCancel();
    }

    @Override
    public boolean start() throws Exception {
        step.validate();
        if (TaskYaml.isSet(step.getResume())) {
            schedule(0, this::resume);
        } else {
            schedule(0, this::launch);
        }
        return false;
    }

    /** Continues a run this step returned for an approval; only runs launched in this build. */
    private void resume() throws Throwable {
        TaskRunState s = TaskRunState.fromHandle(step.getResume());
        AgentRunsAction runs = getContext().get(Run.class).getAction(AgentRunsAction.class);
        if (runs == null || runs.find(s.node(), s.runDir()) == null) {
            throw new AbortException(Messages.AgentTaskExecution_notThisBuildsRun(s.runId()));
        }
        state = s;
        getContext().saveState();
        if (cancelling) requestCancel();
        poll();
    }

    @Override
    public void onResume() {
        if (state == null) {
            getContext().onFailure(new AbortException(Messages.AgentTaskExecution_restartedBeforeLaunch()));
            return;
        }
        schedule(MIN_DELAY_MS, this::poll);
    }

    /**
     * Asks the run to stop (cancel.json: it removes its sandbox and ends CANCELLED); polling goes on so the run's
     * files are archived, then the step fails with {@code cause}. A stop while the launch is under way is taken up by
     * the launch (before the process starts) or by the next poll (after).
     */
    @Override
    public void stop(Throwable cause) {
        stopCause = cause;
        stopRequested = true;
        if (state != null) schedule(0, this::requestCancel);
    }

    @Override
    public String getStatus() {
        return state == null ? "launching" : "run " + state.runId() + ": " + state.status() + ", events up to seq " + state.tail().lastSeq()
                + (stopRequested ? ", stop requested" : "");
    }

    private void launch() throws Throwable {
        if (stopRequested) throw stopped();
        String label = step.describe();
        StepContext ctx = getContext();
        FilePath ws = ctx.get(FilePath.class);
        Launcher launcher = ctx.get(Launcher.class);
        TaskListener listener = ctx.get(TaskListener.class);
        Run<?, ?> run = ctx.get(Run.class);
        FilePath tmp = RuntimeCommand.tempDir(ws);
        FilePath runsDir = TaskYaml.isSet(step.getRunsDir()) ? ws.child(step.getRunsDir()) : tmp.child("agent-runs");
        String runId = RunId.next();
        FilePath control = runsDir.child(".jenkins").child(runId);
        StepThreads.remote(() -> {
            ws.mkdirs(); // a node block with no checkout has not created it yet; sh does the same
            control.mkdirs();
            return null;
        });

        String apiKey = apiKey(run);
        EnvVars stepEnv = ctx.get(EnvVars.class);
        TaskDefaults defaults = AgentRuntimeConfiguration.get().defaults();
        String taskFile;
        if (TaskYaml.isSet(step.getTaskFile())) {
            taskFile = ws.child(step.getTaskFile()).getRemote();
        } else {
            FilePath f = control.child("task.json");
            String text = TaskYaml.render(step, ws.getRemote(), apiKey != null, defaults);
            StepThreads.remote(() -> {
                f.write(text, "UTF-8");
                return null;
            });
            taskFile = f.getRemote();
        }
        List<String> runtime = TaskYaml.isSet(step.getRuntime()) ? RuntimeCommand.configured(step.getRuntime())
                : RuntimeCommand.withJvmOptions(RuntimeCommand.bundled(tmp.child("agent-runtime")), defaults.jvmOptions());
        // Secrets bound by an enclosing withCredentials block travel in the runtime's environment only.
        Map<String, String> secretEnv = new LinkedHashMap<>(SecretBindings.values(SecretBindings.parse(step.getSecrets()), stepEnv));
        if (apiKey != null) secretEnv.put(LaunchCommand.MODEL_KEY_VARIABLE, apiKey);
        // Git credentials: read now (a GitHub App token is minted at each launch), in the runtime's environment only.
        Map<String, String> gitEnv = TaskYaml.isSet(step.getCredentialsId())
                ? GitCredentialsEnv.resolve("agentTask", "credentialsId", step.getCredentialsId(), run) : Map.of();
        secretEnv.putAll(gitEnv);
        LaunchCommand cmd = new LaunchCommand(runtime, taskFile, runId, runsDir.getRemote(), control.child("launch.log").getRemote(),
                "agent-task-" + UUID.randomUUID(), secretEnv);
        // The Pipeline's environment (withEnv, tools, the node's own), as sh gets it, plus the cookie and the secrets.
        EnvVars env = new EnvVars(stepEnv);
        env.putAll(cmd.env());

        if (stopRequested) throw stopped(); // nothing started yet: nothing to cancel
        state = new TaskRunState(FilePathUtils.getNodeName(ws), runsDir.child(runId).getRemote(), runId, cmd.cookie())
                .withStep(label, step.getSubmitter(), step.getApiKeyCredentialsId(), step.getSecrets())
                .withGitCredentials(step.getCredentialsId());
        masker = launchMasker(secretEnv, gitEnv); // exactly the values launched with
        ctx.saveState();
        listener.getLogger().println(label + ": run " + runId + " in " + state.runDir());
        int exit = StepThreads.remote(() -> launcher.launch().cmds(cmd.argv()).envs(env).pwd(ws).quiet(true).stdout(listener).join());
        if (exit != 0) throw new AbortException(Messages.AgentTaskExecution_launchFailed(exit, cmd.launchLog()));
        // From here on the run exists: failures are retried by polling, never thrown, so the run is never orphaned.
        try {
            AgentRunsAction.of(run).update(state.runId(), state.node(), state.runDir(), state.submitter(), "CREATED", List.of());
            run.save();
        } catch (IOException e) {
            listener.getLogger().println("agentTask: could not update the build page: " + e.getMessage());
        }
        schedule(MIN_DELAY_MS, this::poll);
    }

    private void poll() throws Throwable {
        StepContext ctx = getContext();
        FilePath dir = FilePathUtils.find(state.node(), state.runDir());
        if (dir == null) { // the node is offline: wait for it; the run goes on without us
            schedule(MAX_DELAY_MS, this::poll);
            return;
        }
        TaskListener listener = ctx.get(TaskListener.class);
        PrintStream log = listener.getLogger();
        RunPoll poll;
        try {
            poll = StepThreads.remote(() -> dir.act(new NodeCalls.Poll(state.tail())));
        } catch (IOException | InterruptedException e) { // the channel broke or hung (agent reconnecting): the run goes on
            Thread.interrupted();
            log.println("agentTask: cannot read run " + state.runId() + " yet (" + e + "); retrying");
            schedule(MAX_DELAY_MS, this::poll);
            return;
        }
        LogMasker mask = masker(ctx.get(Run.class));
        mask.mask(poll.lines()).forEach(log::println);
        List<PendingApproval> fresh = state.advance(poll).stream().filter(p -> !"gate".equals(p.getAction())).toList();
        ctx.saveState();
        if (!fresh.isEmpty() || poll.ended() || !poll.lines().isEmpty()) {
            Run<?, ?> run = ctx.get(Run.class);
            AgentRunsAction.of(run).update(state.runId(), state.node(), state.runDir(), state.submitter(), poll.status(), poll.pending());
            run.save();
        }
        if (poll.ended()) {
            finish(poll, dir, listener);
            return;
        }
        if (!fresh.isEmpty() && !stopRequested && !cancelling) { // a human is asked: hand the request to an input
            PendingApproval p = fresh.get(0);
            ApprovalBridge.describe(p, state.runId()).stream().map(mask::mask).forEach(log::println);
            state.announce(p);
            ctx.saveState();
            ctx.onSuccess(waiting(p, mask));
            return;
        }
        if (stopRequested && !state.cancelRequested() && poll.status() != null) requestCancel();
        checkLiveness(poll, log);
        delay = poll.lines().isEmpty() ? Math.min(MAX_DELAY_MS, delay * 3 / 2) : MIN_DELAY_MS;
        ctx.saveState();
        schedule(delay, this::poll);
    }

    /** Writes cancel.json into the run directory once the directory exists; the poll loop goes on. */
    private void requestCancel() throws Exception {
        if (state == null || state.cancelRequested()) return;
        FilePath dir = FilePathUtils.find(state.node(), state.runDir());
        if (dir == null || !StepThreads.remote(dir::isDirectory)) return; // offline, or not created yet: the next poll tries again
        StepThreads.remote(() -> dir.act(new NodeCalls.Cancel("jenkins")));
        state.cancelRequested(true);
        cancelledAt = System.currentTimeMillis();
        getContext().saveState();
        getContext().get(TaskListener.class).getLogger().println("agentTask: stop requested; run " + state.runId() + " is cancelling");
    }

    private void checkLiveness(RunPoll poll, PrintStream log) throws Throwable {
        long now = System.currentTimeMillis();
        if (firstPollAt == 0) firstPollAt = now;
        if (poll.status() == null && now - firstPollAt > LAUNCH_GRACE_MS) {
            String runsDir = state.runDir().substring(0, state.runDir().lastIndexOf('/'));
            throw new AbortException(Messages.AgentTaskExecution_notCreated(state.runId(), runsDir + "/.jenkins/" + state.runId() + "/launch.log"));
        }
        if (poll.heartbeatAgeMillis() > STALE_HEARTBEAT_MS && !warnedStale) {
            warnedStale = true;
            log.println("agentTask: no heartbeat from the runtime for " + poll.heartbeatAgeMillis() / 1000
                    + " s; if the node rebooted, continue the run with: agent-runtime resume " + state.runDir());
        }
        if (state.cancelRequested() && now - cancelledAt > CANCEL_GRACE_MS) {
            Launcher launcher = getContext().get(Launcher.class);
            StepThreads.remote(() -> {
                launcher.kill(Map.of(LaunchCommand.COOKIE_VARIABLE, state.cookie()));
                return null;
            });
            log.println("agentTask: the run did not stop within " + CANCEL_GRACE_MS / 1000 + " s; its processes were killed");
            throw stopped();
        }
    }

    private void finish(RunPoll poll, FilePath dir, TaskListener listener) throws Throwable {
        Run<?, ?> run = getContext().get(Run.class);
        if (!poll.artifacts().isEmpty()) {
            Launcher launcher = getContext().get(Launcher.class);
            StepThreads.limited(StepThreads.COPY_TIMEOUT_SECONDS, () -> {
                run.pickArtifactManager().archive(dir, launcher, BuildListenerAdapter.wrap(listener), poll.artifacts());
                return null;
            });
        }
        Object reason = poll.result().get("reason");
        listener.getLogger().println("agentTask: run " + state.runId() + " ended " + poll.status()
                + (reason != null ? " — " + masker(run).mask(String.valueOf(reason)) : "")
                + "; " + poll.artifacts().size() + " files archived under agent-runtime/" + state.runId() + "/");
        if (stopRequested) throw stopped();
        Map<String, Object> result = new HashMap<>(poll.result());
        // where the run directory is: agentPublishPR and agentApprove find it there
        result.put("node", displayNode());
        result.put("ended", true);
        getContext().onSuccess(result);
    }

    /** What agentTask's Groovy needs to ask {@code p} in an input and continue the run afterwards. */
    private Map<String, Object> waiting(PendingApproval p, LogMasker mask) {
        Map<String, Object> request = new HashMap<>();
        request.put("id", p.getId());
        request.put("inputId", InputIds.of(state.runId(), p.getId()));
        request.put("message", mask.mask(ApprovalBridge.question(p, state.runId())));
        request.put("action", p.getAction());
        request.put("subject", mask.mask(p.getSubject()));
        if (p.getTurn() != null) request.put("turn", p.getTurn());
        if (p.getTimeoutAt() != null) request.put("timeoutAt", p.getTimeoutAt());
        if (state.submitter() != null) request.put("submitter", state.submitter());
        Map<String, Object> out = new HashMap<>();
        out.put("ended", false);
        out.put("request", request);
        out.put("handle", state.handle());
        out.put("runId", state.runId());
        out.put("runDir", state.runDir());
        out.put("node", displayNode());
        return out;
    }

    private String displayNode() {
        return state.node().isEmpty() ? "built-in" : state.node();
    }

    /** The failure a stopped step ends with: the cause it was stopped with, so e.g. the timeout step knows its own. */
    private Throwable stopped() {
        Throwable cause = stopCause;
        return cause != null ? cause : new FlowInterruptedException(Result.ABORTED, true);
    }

    /** The model API key from Jenkins credentials (controller side), or null. */
    private String apiKey(Run<?, ?> run) throws AbortException {
        String apiKeyCredentialsId = state != null ? state.apiKeyCredentialsId() : step.getApiKeyCredentialsId();
        if (!TaskYaml.isSet(apiKeyCredentialsId)) return null;
        StringCredentials c = CredentialsProvider.findCredentialById(apiKeyCredentialsId, StringCredentials.class, run);
        if (c == null) throw new AbortException(Messages.AgentTaskExecution_noCredentials(apiKeyCredentialsId));
        CredentialsProvider.track(run, c);
        return c.getSecret().getPlainText();
    }

    /** Masks the secrets this step uses; rebuilt after a restart from the persisted ids and bindings, never persisted. */
    private LogMasker masker(Run<?, ?> run) throws AbortException {
        if (masker == null) {
            List<String> values = new ArrayList<>();
            try {
                String key = apiKey(run);
                if (key != null) values.add(key);
            } catch (AbortException gone) {
                // The model key's credential is gone since the launch: the run must still be followed (and cancelled).
            }
            try { // values bound by an enclosing withCredentials block (the step's environment holds them again after a restart)
                values.addAll(SecretBindings.values(SecretBindings.parse(state.secrets()), getContext().get(EnvVars.class)).values());
            } catch (IllegalArgumentException | IOException | InterruptedException unbound) {
                // Nothing more to mask; the launch reports an unbound secret.
            }
            try { // read again (a GitHub App may hand out a new token; the runtime masks the one it was launched with)
                if (TaskYaml.isSet(state.gitCredentialsId())) {
                    values.addAll(GitCredentialsEnv.secrets(GitCredentialsEnv.resolve("agentTask", "credentialsId", state.gitCredentialsId(), run)));
                }
            } catch (AbortException gone) {
                // Removed since the launch: nothing of it to mask here, and the run must still be followed.
            }
            masker = new LogMasker(values);
        }
        return masker;
    }

    /** The masker for the values the runtime was launched with: the secrets of its environment, the git ones by {@link GitCredentialsEnv#secrets}. */
    private static LogMasker launchMasker(Map<String, String> secretEnv, Map<String, String> gitEnv) {
        List<String> values = new ArrayList<>();
        secretEnv.forEach((name, value) -> {
            if (!gitEnv.containsKey(name)) values.add(value);
        });
        values.addAll(GitCredentialsEnv.secrets(gitEnv));
        return new LogMasker(values);
    }

    @FunctionalInterface
    private interface Work {
        void run() throws Throwable;
    }

    private void schedule(long delayMs, Work work) {
        StepThreads.pool().schedule(() -> {
            try {
                work.run();
            } catch (Throwable t) {
                getContext().onFailure(t);
            }
        }, delayMs, TimeUnit.MILLISECONDS);
    }
}
