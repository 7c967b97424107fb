package dev.agentruntime.jenkins;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import dev.agentruntime.rundir.RunId;
import hudson.AbortException;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.slaves.WorkspaceList;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import jenkins.util.BuildListenerAdapter;
import jenkins.util.Timer;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.jenkinsci.plugins.workflow.FilePathUtils;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * agentTask's execution, durable like {@code sh}: the runtime runs detached on the node and keeps its record in the run
 * directory; this execution persists only {@link TaskRunState} (strings and the tail position) and, after a controller
 * restart, polls the same directory from the saved position. Nothing here blocks the CPS thread: launch and polls run
 * on {@link Timer}.
 */
final class AgentTaskExecution extends StepExecution {
    private static final long serialVersionUID = 1L;
    private static final long MIN_DELAY_MS = 250;
    private static final long MAX_DELAY_MS = 5_000;
    private static final long LAUNCH_GRACE_MS = 120_000;
    private static final long CANCEL_GRACE_MS = 60_000;
    private static final long STALE_HEARTBEAT_MS = 30_000;

    private final transient AgentTaskStep step;
    private final String submitter;
    private final String apiKeyCredentialsId;
    private TaskRunState state;
    private volatile long cancelledAt;

    private transient long delay = MIN_DELAY_MS;
    private transient long firstPollAt;
    private transient boolean warnedStale;
    private transient LogMasker masker;

    AgentTaskExecution(AgentTaskStep step, StepContext context) {
        super(context);
        this.step = step;
        this.submitter = step.getSubmitter();
        this.apiKeyCredentialsId = step.getApiKeyCredentialsId();
    }

    @Override
    public boolean start() throws Exception {
        step.validate();
        schedule(0, this::launch);
        return false;
    }

    @Override
    public void onResume() {
        if (state == null) {
            getContext().onFailure(new AbortException("agentTask: Jenkins restarted before the runtime was launched; run the step again"));
            return;
        }
        delay = MIN_DELAY_MS; // transient: 0 after deserialisation, which would poll without pause
        schedule(MIN_DELAY_MS, this::poll);
    }

    @Override
    public void stop(Throwable cause) throws Exception {
        if (state == null) {
            getContext().onFailure(cause);
            return;
        }
        FilePath dir = FilePathUtils.find(state.node(), state.runDir());
        if (dir == null) {
            getContext().onFailure(cause);
            return;
        }
        dir.act(new NodeCalls.Cancel("jenkins"));
        state.cancelRequested(true);
        cancelledAt = System.currentTimeMillis();
        getContext().saveState();
        // polling goes on: the run ends CANCELLED, its artifacts are archived, then the step fails with the cause
    }

    @Override
    public String getStatus() {
        return state == null ? "launching" : "run " + state.runId() + ": " + state.status() + ", events up to seq " + state.tail().lastSeq();
    }

    private void launch() throws Exception {
        StepContext ctx = getContext();
        FilePath ws = ctx.get(FilePath.class);
        Launcher launcher = ctx.get(Launcher.class);
        TaskListener listener = ctx.get(TaskListener.class);
        Run<?, ?> run = ctx.get(Run.class);
        FilePath tmp = WorkspaceList.tempDir(ws);
        FilePath runsDir = TaskYaml.isSet(step.getRunsDir()) ? ws.child(step.getRunsDir()) : tmp.child("agent-runs");
        String runId = RunId.next();
        FilePath control = runsDir.child(".jenkins").child(runId);
        control.mkdirs();

        String apiKey = apiKey(run);
        TaskDefaults defaults = AgentRuntimeConfiguration.get().defaults();
        String taskFile;
        if (TaskYaml.isSet(step.getTaskFile())) {
            taskFile = ws.child(step.getTaskFile()).getRemote();
        } else {
            FilePath f = control.child("task.json");
            f.write(TaskYaml.render(step, ws.getRemote(), apiKey != null, defaults), "UTF-8");
            taskFile = f.getRemote();
        }
        List<String> runtime = TaskYaml.isSet(step.getRuntime()) ? RuntimeCommand.configured(step.getRuntime())
                : RuntimeCommand.withJvmOptions(RuntimeCommand.bundled(tmp.child("agent-runtime")), defaults.jvmOptions());
        // Secrets bound by an enclosing withCredentials block travel in the runtime's environment only.
        Map<String, String> secretEnv = new java.util.LinkedHashMap<>(
                SecretBindings.values(SecretBindings.parse(step.getSecrets()), ctx.get(hudson.EnvVars.class)));
        if (apiKey != null) secretEnv.put(LaunchCommand.MODEL_KEY_VARIABLE, apiKey);
        LaunchCommand cmd = new LaunchCommand(runtime, taskFile, runId, runsDir.getRemote(), control.child("launch.log").getRemote(),
                "agent-task-" + UUID.randomUUID(), secretEnv);

        state = new TaskRunState(FilePathUtils.getNodeName(ws), runsDir.child(runId).getRemote(), runId, cmd.cookie());
        ctx.saveState();
        listener.getLogger().println(step.describe() + ": run " + runId + " in " + state.runDir());
        int exit = launcher.launch().cmds(cmd.argv()).envs(cmd.env()).pwd(ws).quiet(true).stdout(listener).join();
        if (exit != 0) throw new AbortException("agentTask: could not start the runtime (exit " + exit + "); see " + cmd.launchLog());
        AgentRunsAction.of(run).update(state.runId(), state.node(), state.runDir(), submitter, "CREATED", List.of());
        run.save();
        schedule(MIN_DELAY_MS, this::poll);
    }

    private void poll() throws Exception {
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
            poll = dir.act(new NodeCalls.Poll(state.tail()));
        } catch (java.io.IOException e) { // the channel broke (agent reconnecting): the run goes on, try again
            log.println("agentTask: cannot read run " + state.runId() + " yet (" + e.getMessage() + "); retrying");
            schedule(MAX_DELAY_MS, this::poll);
            return;
        }
        LogMasker mask = masker(ctx.get(Run.class));
        mask.mask(poll.lines()).forEach(log::println);
        List<PendingApproval> fresh = state.advance(poll);
        for (PendingApproval p : fresh) ApprovalBridge.describe(p, state.runId()).stream().map(mask::mask).forEach(log::println);
        ctx.saveState();
        if (!fresh.isEmpty() || poll.ended() || !poll.lines().isEmpty()) {
            Run<?, ?> run = ctx.get(Run.class);
            AgentRunsAction.of(run).update(state.runId(), state.node(), state.runDir(), submitter, poll.status(), poll.pending());
            run.save();
        }
        if (poll.ended()) {
            finish(poll, dir, listener);
            return;
        }
        checkLiveness(poll, log);
        delay = poll.lines().isEmpty() ? Math.min(MAX_DELAY_MS, delay * 3 / 2) : MIN_DELAY_MS;
        schedule(delay, this::poll);
    }

    private void checkLiveness(RunPoll poll, PrintStream log) throws Exception {
        long now = System.currentTimeMillis();
        if (firstPollAt == 0) firstPollAt = now;
        if (poll.status() == null && now - firstPollAt > LAUNCH_GRACE_MS) {
            String runsDir = state.runDir().substring(0, state.runDir().lastIndexOf('/'));
            throw new AbortException("agentTask: the runtime did not create run " + state.runId() + "; see "
                    + runsDir + "/.jenkins/" + state.runId() + "/launch.log");
        }
        if (poll.heartbeatAgeMillis() > STALE_HEARTBEAT_MS && !warnedStale) {
            warnedStale = true;
            log.println("agentTask: no heartbeat from the runtime for " + poll.heartbeatAgeMillis() / 1000
                    + " s; if the node rebooted, continue the run with: agent-runtime resume " + state.runDir());
        }
        if (state.cancelRequested() && now - cancelledAt > CANCEL_GRACE_MS) {
            getContext().get(Launcher.class).kill(Map.of(LaunchCommand.COOKIE_VARIABLE, state.cookie()));
            getContext().onFailure(new AbortException("agentTask: the run did not stop within " + CANCEL_GRACE_MS / 1000 + " s; its processes were killed"));
            throw new Stopped();
        }
    }

    private void finish(RunPoll poll, FilePath dir, TaskListener listener) throws Exception {
        Run<?, ?> run = getContext().get(Run.class);
        if (!poll.artifacts().isEmpty()) {
            run.pickArtifactManager().archive(dir, getContext().get(Launcher.class), BuildListenerAdapter.wrap(listener), poll.artifacts());
        }
        listener.getLogger().println("agentTask: run " + state.runId() + " ended " + poll.status()
                + (poll.result().get("reason") != null ? " — " + masker(run).mask(String.valueOf(poll.result().get("reason"))) : "")
                + "; " + poll.artifacts().size() + " files archived under agent-runtime/" + state.runId() + "/");
        if (state.cancelRequested()) {
            getContext().onFailure(new AbortException("agentTask: cancelled; run " + state.runId() + " ended " + poll.status()));
        } else {
            Map<String, Object> result = new java.util.HashMap<>(poll.result());
            // where the run directory is: agentPublishPR must run there (node(result.node) { … })
            result.put("node", state.node().isEmpty() ? "built-in" : state.node());
            getContext().onSuccess(result);
        }
    }

    /** The model API key from Jenkins credentials (controller side), or null. */
    private String apiKey(Run<?, ?> run) throws AbortException {
        if (!TaskYaml.isSet(apiKeyCredentialsId)) return null;
        StringCredentials c = CredentialsProvider.findCredentialById(apiKeyCredentialsId, StringCredentials.class, run);
        if (c == null) throw new AbortException("agentTask: no secret-text credentials with id " + apiKeyCredentialsId);
        CredentialsProvider.track(run, c);
        return c.getSecret().getPlainText();
    }

    /** Masks the secrets this step fetched; rebuilt after a restart from the credentials id, never persisted. */
    private LogMasker masker(Run<?, ?> run) throws AbortException {
        if (masker == null) {
            List<String> secrets = new ArrayList<>();
            String key = apiKey(run);
            if (key != null) secrets.add(key);
            try { // values bound by an enclosing withCredentials block (the step's environment holds them again after a restart)
                secrets.addAll(SecretBindings.values(SecretBindings.parse(step.getSecrets()), getContext().get(hudson.EnvVars.class)).values());
            } catch (IllegalArgumentException | java.io.IOException | InterruptedException unbound) {
                // Nothing more to mask; launch() reports an unbound secret.
            }
            masker = new LogMasker(secrets);
        }
        return masker;
    }

    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }

    /** Thrown by work that already completed the step. */
    private static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private void schedule(long delayMs, Work work) {
        Timer.get().schedule(() -> {
            try {
                work.run();
            } catch (Stopped done) {
                // the step is already completed
            } catch (Throwable t) {
                getContext().onFailure(t);
            }
        }, delayMs, TimeUnit.MILLISECONDS);
    }
}
