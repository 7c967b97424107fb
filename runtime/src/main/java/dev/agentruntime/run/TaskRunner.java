package dev.agentruntime.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentruntime.agent.ActionGate;
import dev.agentruntime.agent.AgentContext;
import dev.agentruntime.approval.Approvals;
import dev.agentruntime.policy.Policy;
import dev.agentruntime.policy.PolicyEngine;
import dev.agentruntime.agent.AgentResult;
import dev.agentruntime.agent.Budget;
import dev.agentruntime.egress.EgressProxy;
import dev.agentruntime.events.EventLog;
import dev.agentruntime.events.EventReader;
import dev.agentruntime.git.Workspace;
import dev.agentruntime.report.Report;
import dev.agentruntime.report.ReportWriter;
import dev.agentruntime.rundir.Heartbeat;
import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.rundir.RunId;
import dev.agentruntime.rundir.RunState;
import dev.agentruntime.rundir.Status;
import dev.agentruntime.sandbox.Docker;
import dev.agentruntime.secrets.Secrets;
import dev.agentruntime.sandbox.Reaper;
import dev.agentruntime.sandbox.DiskVolume;
import dev.agentruntime.sandbox.Sandbox;
import dev.agentruntime.sandbox.SandboxConfig;
import dev.agentruntime.sandbox.ExecResult;
import dev.agentruntime.sandbox.SandboxLostException;
import static dev.agentruntime.checkpoint.Checkpoints.restoreWorkspace;
import dev.agentruntime.checkpoint.Checkpoints;
import dev.agentruntime.task.BranchNames;
import dev.agentruntime.task.TaskSpec;
import dev.agentruntime.common.BadInputException;
import dev.agentruntime.util.CappedOutput;
import dev.agentruntime.common.Json;
import dev.agentruntime.verify.JUnitReports;
import dev.agentruntime.verify.JUnitSummary;
import dev.agentruntime.verify.Verifier;
import dev.agentruntime.common.Text;
import java.util.List;
import dev.agentruntime.verify.VerifyResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The lifecycle of one run: provision (clone, branch, sandbox, setup) → agent → verify → commit → push, every
 * step an event and every status change an atomic state.json update. Whatever happens, the sandbox is removed
 * and a report is written.
 */
public final class TaskRunner {
    private final RunOptions options;
    private final Docker docker;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private volatile java.util.function.Consumer<dev.agentruntime.events.Event> observer;

    public TaskRunner(RunOptions options) {
        this.options = options;
        this.docker = new Docker("docker", options.dockerEnv());
    }

    /** Sees every event of the next {@link #execute} as it is written (progress output). */
    public void observe(java.util.function.Consumer<dev.agentruntime.events.Event> o) {
        this.observer = o;
    }

    /** Asks a running {@link #execute} to stop at the next safe point (e.g. on SIGTERM). */
    public void cancel() {
        cancelled.set(true);
    }

    /** Creates the run directory with task.json, state CREATED and the first event. */
    public RunDirectory create(TaskSpec task, Path runsDir, String runId) {
        String id = runId != null ? runId : RunId.next();
        if (!RunId.looksLikeRunId(id) && !id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
            throw new BadInputException("--run-id", "\"" + id + "\" is not a valid run id; use letters, digits, '.', '_' or '-'");
        }
        if (Files.exists(runsDir.resolve(id))) throw new BadInputException("--run-id", "run " + id + " already exists in " + runsDir);
        byte[] taskJson = RunInputs.checkBeforeCreate(task, id); // bad input must not leave an empty run directory
        RunDirectory dir = RunDirectory.create(runsDir, id);
        try {
            Files.write(dir.task(), taskJson);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Instant now = Instant.now();
        dir.writeState(new RunState(RunState.PROTOCOL, id, task.id(), Status.CREATED, null, now, now, task.repo(),
                task.baseBranch(), null, task.agent(), null, ProcessHandle.current().pid(), Heartbeat.hostName(), null, null, false, null));
        try (EventLog log = EventLog.open(dir.events(), id, EventLog.workerIdentity(task.id(), id))) {
            log.append("run.created", "runtime", Json.object().put("taskId", task.id()).put("repo", task.repo())
                    .put("agent", task.agent()).put("protocol", RunState.PROTOCOL));
        }
        return dir;
    }

    static final String CONTINUE_FROM = "continue-from.json";

    /**
     * Makes the new run {@code dir} continue the work of {@code previous} (a handed-off run): same branch, its commits
     * as the starting point. Call between {@link #create} and {@link #execute}.
     */
    public void continueFrom(RunDirectory dir, RunDirectory previous) {
        RunState p = RunInputs.continuable(previous);
        dev.agentruntime.common.AtomicFiles.write(dir.root().resolve(CONTINUE_FROM), Json.pretty(p) + "\n");
    }

    /** Runs the whole lifecycle; returns the final state. Failures end as FAILED with a reason, never as exceptions. */
    public RunState execute(RunDirectory dir, TaskSpec task) {
        return execute(dir, task, false);
    }

    /**
     * Continues a run whose runtime died (kill -9, host restart): from its last checkpoint, never repeating a side
     * effect the ledger shows as done. Fails with a clear error when the run has ended or is still alive.
     */
    public RunState resume(RunDirectory dir) {
        RunState st = dir.readState();
        if (st.status().isTerminal()) {
            throw new BadInputException("RUN", "run " + dir.runId() + " already ended " + st.status() + "; nothing to resume");
        }
        if (st.status() == Status.CREATED) throw new BadInputException("RUN", "run " + dir.runId() + " never started; start it with `agent-runtime run`");
        if (dev.agentruntime.rundir.Liveness.of(dir).alive()) {
            throw new BadInputException("RUN", "run " + dir.runId() + " is still running (pid " + st.pid() + " on " + st.host()
                    + "); cancel it first or wait");
        }
        TaskSpec task;
        try {
            task = Json.MAPPER.readValue(dir.task().toFile(), TaskSpec.class);
        } catch (IOException e) {
            throw new BadInputException("RUN", "cannot read " + dir.task() + ": " + e.getMessage());
        }
        return execute(dir, task, st.status() != Status.CREATED); // a run whose runtime died before it began starts now
    }

    private RunState execute(RunDirectory dir, TaskSpec task, boolean resume) {
        // One runtime per run: two resumes (or a resume beside a live run) would interleave their writes.
        try (java.nio.channels.FileChannel lockFile = java.nio.channels.FileChannel.open(dir.root().resolve(".runtime.lock"),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
             java.nio.channels.FileLock lock = lockFile.tryLock()) {
            if (lock == null) throw new BadInputException("RUN", "run " + dir.runId() + " is being executed by another runtime process");
            return executeLocked(dir, task, resume);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + dir.root(), e);
        }
    }

    private RunState executeLocked(RunDirectory dir, TaskSpec task, boolean resume) {
        Run run = new Run(dir, task);
        try (Heartbeat hb = Heartbeat.start(dir);
             EventLog log = EventLog.open(dir.events(), dir.runId(), EventLog.workerIdentity(task.id(), dir.runId()))) {
            run.log = log;
            if (observer != null) log.subscribe(observer);
            ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "cancel-watcher");
                t.setDaemon(true);
                return t;
            });
            // A cancel (file or signal) must not wait for a long tool call: removing the sandbox ends it at once.
            watcher.scheduleWithFixedDelay(run::abortIfCancelled, 250, 250, TimeUnit.MILLISECONDS);
            try {
                if (resume) run.resumeLifecycle();
                else run.lifecycle();
            } catch (Cancelled c) {
                // cleanUp records CANCELLED.
            } catch (RuntimeException e) {
                run.end(Status.FAILED, e.getMessage() != null ? e.getMessage() : e.toString());
            } finally {
                watcher.shutdownNow();
                run.cleanUp();
            }
            return run.state;
        }
    }

    /** One execution: holds the evolving state and timings. */
    private final class Run {
        final RunDirectory dir;
        final TaskSpec task;
        Budget budget;
        EventLog log;
        RunState state;
        Workspace ws;
        volatile Sandbox sandbox;
        volatile String phase = "setup";
        PolicyGate policyGate;
        ActionGate gate;
        dev.agentruntime.checkpoint.Checkpointer checkpoints;
        volatile String agentSession;
        String imageId;
        /** Restarts used so far; recovery.maxRestarts bounds them. */
        int restarts;
        String resumeSession;
        /** Where the agent started: the base commit, or the handed-off run's work this run continues. */
        String startCommit;
        /** True once the run continues from a checkpoint: budgets carry on instead of starting again. */
        boolean resumed;
        final java.util.Set<String> registryHosts = java.util.concurrent.ConcurrentHashMap.newKeySet();
        EgressProxy egress;
        Secrets secrets = Secrets.none();
        String baseCommit;
        String summary;
        VerifyResult verification;
        Status endStatus;
        String endReason;
        final long start = System.currentTimeMillis();
        long provisioningMs, agentMs, verifyMs, publishMs;

        Run(RunDirectory dir, TaskSpec task) {
            this.dir = dir;
            this.task = task;
            this.budget = new Budget(task.budgets());
            this.state = dir.readState();
        }

        void lifecycle() {
            long t0 = System.currentTimeMillis();
            transition(Status.PROVISIONING, null);
            secrets = Secrets.load(task.secrets(), options.environment());
            log.setMasker(secrets.masker());
            provision();
            provisioningMs = System.currentTimeMillis() - t0;
            startCheckpoints();
            transition(Status.RUNNING, null);
            work(null);
        }

        /** After a runtime crash: back to the last checkpoint (or straight to verification if the work was committed). */
        void resumeLifecycle() {
            Status was = state.status();
            transition(Status.RECOVERING, "the runtime died while " + was + "; resuming");
            log.append("run.resumed", "runtime", Json.object().put("previousStatus", was.name()).put("previousPid", state.pid())
                    .put("previousHost", String.valueOf(state.host())));
            state = state.withOwner(ProcessHandle.current().pid(), Heartbeat.hostName());
            dir.writeState(state);
            secrets = Secrets.load(task.secrets(), options.environment());
            log.setMasker(secrets.masker());
            String version = docker.checkDaemon();
            String old = Sandbox.containerName(dir.runId());
            if (docker.run(List.of("rm", "-f", old), Docker.CALL_TIMEOUT, null, 4096).ok()) {
                log.append("sandbox.reaped", "runtime", Json.object().put("container", old).put("reason", "left by the dead runtime"));
            }
            if (state.branch() == null) {
                // It died while provisioning: nothing has left this machine, so provisioning starts over.
                discardProvisioning();
                provision();
                log.append("recovery.finished", "runtime", Json.object().put("kind", "runtime").put("from", "a new clone"));
                startCheckpoints();
                transition(Status.RUNNING, null);
                work(null);
                return;
            }
            DiskVolume.remount(dir);
            int locks = StaleLocks.removeAll(dir);
            if (locks > 0) log.append("git.locks.removed", "runtime", Json.object().put("count", locks).put("reason", "left by the dead runtime"));
            ws = Workspace.open(dir.workspace(), secrets.git());
            ResumePoint at = ResumePoint.read(dir);
            baseCommit = at.baseCommit();
            startCommit = at.continuedFrom() != null ? at.continuedFrom() : baseCommit;
            openSockets();
            startCheckpoints();
            if (was == Status.VERIFYING && state.commit() != null && ws.head().equals(state.commit())) {
                log.append("recovery.finished", "runtime", Json.object().put("kind", "runtime").put("from", "commit " + state.commit()));
                afterCommit(true);
                return;
            }
            if (at.agentEnded() != null) {
                // The agent phase had ended: its final state is taken up again, the agent is not asked twice.
                Checkpoints.latest(dir).filter(c -> c.eventsSeq() >= at.agentEndedSeq()).ifPresent(c -> restoreWorkspace(dir, c));
                Checkpoints.latest(dir).ifPresent(this::restoreBudget);
                budget.restore(at.agentTurns(), budget.inputTokens(), budget.outputTokens(), budget.cachedTokens());
                log.append("recovery.finished", "runtime", Json.object().put("kind", "runtime").put("from", "the agent's final state"));
                afterAgent(at.agentEnded(), System.currentTimeMillis());
                return;
            }
            resumeFrom(lastCheckpoint(), "runtime", version);
            transition(Status.RUNNING, null);
            work(resumeSession);
        }

        /** Removes what a provisioning that died left (clone, agent home, their volumes) so it can start over. */
        void discardProvisioning() {
            DiskVolume.unmountAll(dir);
            deleteTree(dir.workspace());
            deleteTree(dir.agentHome());
            try {
                Files.deleteIfExists(dir.workspaceImage());
                Files.deleteIfExists(dir.agentHomeImage());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The agent phase and everything after it. */
        void work(String resume) {
            long t1 = System.currentTimeMillis();
            afterAgent(runAgent(resume), t1);
        }

        /** The agent's final checkpoint and commit, then verification and push, or a handoff. */
        void afterAgent(AgentResult result, long t1) {
            // Nothing the agent started may outlive its phase: what is committed, verified and pushed must be
            // exactly the tree the agent left, untouchable by a leftover background process.
            closeSandbox();
            checkpoints.takeNow(budget.turns() + 1); // the agent's final state, for handoff and crash recovery
            agentMs = System.currentTimeMillis() - t1;
            checkCancelled();
            summary = result.summary();
            boolean finished = result.outcome() == AgentResult.Outcome.FINISHED;
            boolean changed;
            try {
                changed = commitWork(finished ? null : "partial work, " + result.outcome().name().toLowerCase());
            } catch (IllegalStateException blocked) {
                if (finished || isCancelled()) throw blocked;
                end(Status.FAILED, result.reason() + "; and " + blocked.getMessage());
                return;
            }
            if (!finished) {
                boolean recoverable = result.outcome() == AgentResult.Outcome.BUDGET_EXCEEDED || result.outcome() == AgentResult.Outcome.CRASHED
                        || result.outcome() == AgentResult.Outcome.SANDBOX_LOST || result.outcome() == AgentResult.Outcome.MODEL_FAULT;
                if (recoverable && !isCancelled()) handOff(result.reason(), changed);
                else end(Status.FAILED, result.reason());
                return;
            }
            if (!changed) {
                end(Status.FAILED, "the agent finished without changing any file");
                return;
            }
            afterCommit(false);
        }

        /** Verification and push of the committed work. */
        void afterCommit(boolean recovering) {
            transition(Status.VERIFYING, null);
            long t2 = System.currentTimeMillis();
            try {
                verification = verify();
            } catch (SandboxLostException e) {
                if (isCancelled()) throw e;
                handOff("the verification sandbox was lost and recovery.maxRestarts is used up (" + e.getMessage() + ")", true);
                return;
            }
            verifyMs = System.currentTimeMillis() - t2;
            checkCancelled();
            if (!verification.passed()) {
                handOff(verification.failureReason() + "; the branch is not ready for a pull request", true);
                return;
            }

            long t3 = System.currentTimeMillis();
            new PushLedger(dir.ledger(), log).push(ws, state.branch(), state.commit() != null ? state.commit() : ws.head());
            state = state.withCommit(state.commit(), true);
            dir.writeState(state);
            log.append("push.completed", "git", Json.object().put("remote", "origin").put("branch", state.branch())
                    .put("commit", state.commit()));
            publishMs = System.currentTimeMillis() - t3;
            end(Status.SUCCEEDED, null);
        }

        void provision() {
            String version = docker.checkDaemon();
            for (String name : new Reaper(docker).reapDeadIn(new dev.agentruntime.rundir.Runs(dir.root().getParent()))) {
                log.append("sandbox.reaped", "runtime", Json.object().put("container", name));
            }
            checkCancelled();
            mountVolumes();
            ws = Workspace.cloneRepo(task.repo(), dir.workspace(), task.baseBranch(), secrets.git());
            String base = task.baseBranch() != null ? task.baseBranch() : ws.currentBranch();
            baseCommit = ws.head();
            log.append("repo.cloned", "git", Json.object().put("repo", task.repo()).put("baseBranch", base).put("commit", baseCommit));
            String wanted = BranchNames.render(task.branch(), task.id(), dir.runId());
            String branch;
            java.util.Optional<RunState> previous = continuedRun();
            if (previous.isPresent()) {
                branch = previous.get().branch();
                ws.checkoutRemoteBranch(branch); // the work of the handed-off run, on the same branch
                log.append("branch.continued", "git", Json.object().put("branch", branch).put("from", previous.get().runId())
                        .put("commit", ws.head()));
            } else {
                // Reserved in the runs directory: runs of this task started at once each get their own name.
                branch = new BranchReservations(dir.root().getParent()).reserve(task.repo(), dir.runId(), held -> ws.createBranch(wanted, held));
            }
            state = state.withBranches(base, branch);
            dir.writeState(state);
            startCommit = ws.head();
            log.append("branch.created", "git", Json.object().put("branch", branch).put("requested", wanted));
            checkCancelled();
            openSockets();
            // A sandbox lost while setup ran starts over from the clone as it was (setup may have half-run).
            withSandbox("provisioning", () -> Checkpoints.restoreWorkspace(dir, lastCheckpoint()), () -> openSandbox("agent", version));
        }

        /** The handed-off run this one continues ({@code continue-from.json}), if any. */
        java.util.Optional<RunState> continuedRun() {
            Path f = dir.root().resolve(CONTINUE_FROM);
            if (!Files.exists(f)) return java.util.Optional.empty();
            try {
                return java.util.Optional.of(Json.MAPPER.readValue(f.toFile(), RunState.class));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The run's socket directory and egress proxy. */
        void openSockets() {
            deleteTree(dir.socketDir()); // stale sockets of a runtime that died
            try {
                // Only the runtime and the sandbox user may reach the proxy and the gateway (which adds the real key).
                Files.createDirectories(dir.socketDir());
                Files.setPosixFilePermissions(dir.socketDir(), java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
                if (new com.sun.security.auth.module.UnixSystem().getUid() == 0) {
                    dev.agentruntime.util.Proc.of("chown", Sandbox.DEFAULT_USER, dir.socketDir().toString()).run();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + dir.socketDir(), e);
            }
            egress = new EgressProxy(dir.socketDir().resolve("egress.sock"), task.egress(), log, () -> phase);
        }

        /** The workspace and the agent home on size-limited filesystems (sandbox.disk), where the host allows it. */
        void mountVolumes() {
            long bytes = task.sandbox().diskBytes();
            if (bytes == 0) return;
            if (!DiskVolume.supported()) {
                log.append("sandbox.disk.unlimited", "runtime", Json.object().put("reason",
                        "loop mounts need the runtime to run as root; the workspace size is not limited"));
                return;
            }
            long home = Math.max(bytes / 4, 256L << 20);
            DiskVolume.mount(dir.workspaceImage(), dir.workspace(), bytes);
            DiskVolume.mount(dir.agentHomeImage(), dir.agentHome(), home);
            log.append("sandbox.disk.mounted", "runtime", Json.object().put("workspaceBytes", bytes).put("agentHomeBytes", home));
        }

        /**
         * Creates a sandbox over the run's workspace and agent home and runs the task's setup in it. The agent works
         * in one; verification gets a fresh one prepared the same way.
         */
        void openSandbox(String phase, String dockerVersion) {
            openSandbox(phase, dockerVersion, false);
        }

        /** {@code agentsTree}: the workspace holds the agent's work (recovery), so setup must not get setup secrets. */
        void openSandbox(String phase, String dockerVersion, boolean agentsTree) {
            var limits = task.sandbox();
            // Before the agent, setup runs on the pristine clone with setup's secrets and allowlist. After the agent the
            // tree is the agent's (it may have rewritten what setup runs): setup re-runs there with verify's secrets only
            // and the allowlist of the phase it prepares, never setup's (docs/guardrails.md).
            boolean pristine = phase.equals("agent") && !agentsTree;
            String secretPhase = pristine ? "setup" : phase.equals("agent") ? "verify" : phase;
            this.phase = pristine ? "setup" : phase;
            sandbox = Sandbox.create(docker, new SandboxConfig(dir.runId(), task.image(), dir.workspace(), dir.agentHome(),
                    limits.memory(), limits.cpus(), limits.pids(), limits.readOnlyRoot(), EgressProxy.sandboxEnv(), dir.socketDir()));
            sandbox.forward(EgressProxy.SANDBOX_PORT, "egress.sock");
            useSecrets(secretPhase);
            state = state.withSandbox(sandbox.name());
            dir.writeState(state);
            ObjectNode created = Json.object().put("container", sandbox.name()).put("phase", phase).put("image", task.image())
                    .put("network", "none").put("memory", limits.memory()).put("cpus", limits.cpus())
                    .put("pids", limits.pids()).put("readOnlyRoot", limits.readOnlyRoot());
            if (dockerVersion != null) created.put("dockerVersion", dockerVersion);
            log.append("sandbox.created", "sandbox", created);
            for (String command : task.setup()) {
                checkCancelled();
                log.append("setup.command.started", "sandbox", Json.object().put("command", command).put("phase", phase));
                ExecResult r = sandbox.exec(command, java.time.Duration.ofMinutes(15), 256 * 1024);
                String output = secrets.masker().mask(r.output()); // mask before cutting: no half secret survives a cut
                log.append("setup.command.finished", "sandbox", Json.object().put("command", command).put("phase", phase)
                        .put("exitCode", r.exitCode()).put("millis", r.millis()).put("outputTail", CappedOutput.tail(output, 2000)));
                if (!r.ok()) {
                    throw new IllegalStateException("setup command `" + command + "` " + (r.timedOut() ? "timed out" : "exited " + r.exitCode())
                            + ": " + CappedOutput.tail(output.strip(), 500));
                }
            }
            if (!task.setup().isEmpty()) sandbox.killLeftovers(); // a daemon setup left must not carry setup's secrets on
            this.phase = phase;
            useSecrets(phase);
        }

        /** Gives the sandbox the secrets scoped to {@code p}, recording which (never their values). */
        void useSecrets(String p) {
            Map<String, String> scoped = secrets.forPhase(p);
            sandbox.setSecrets(scoped);
            for (String name : scoped.keySet()) log.append("secret.injected", "runtime", Json.object().put("name", name).put("phase", p));
        }

        /** Takes one of recovery.maxRestarts (shared by provisioning, the agent and verification); false when none is left. */
        boolean takeRestart(String reason) {
            if (restarts >= task.recovery().maxRestarts()) {
                log.append("recovery.exhausted", "runtime", Json.object().put("restarts", restarts).put("reason", String.valueOf(reason)));
                return false;
            }
            restarts++;
            return true;
        }

        /**
         * Runs {@code step}, which opens a sandbox and works in it. When that sandbox is lost meanwhile the step runs
         * again in a new one, after {@code reset} (within recovery.maxRestarts): nothing a half-done step left counts.
         */
        <T> T withSandbox(String phase, Runnable reset, java.util.function.Supplier<T> step) {
            Status was = null;
            while (true) {
                try {
                    T result = step.get();
                    if (was != null) {
                        log.append("recovery.finished", "runtime", Json.object().put("kind", "sandbox").put("phase", phase));
                        if (was == Status.VERIFYING) transition(Status.VERIFYING, null);
                    }
                    return result;
                } catch (SandboxLostException e) {
                    closeSandboxQuietly();
                    if (isCancelled() || !takeRestart(e.getMessage())) throw e;
                    if (was == null) was = state.status();
                    transition(Status.RECOVERING, "the sandbox was lost while " + phase + ": " + e.getMessage());
                    log.append("recovery.started", "runtime", Json.object().put("kind", "sandbox").put("phase", phase)
                            .put("attempt", restarts).put("reason", e.getMessage()));
                    reset.run();
                }
            }
        }

        void withSandbox(String phase, Runnable reset, Runnable step) {
            withSandbox(phase, reset, () -> {
                step.run();
                return null;
            });
        }

        void closeSandbox() {
            Sandbox sb = sandbox;
            if (sb == null) return;
            sb.close();
            sandbox = null;
            state = state.withSandbox(null);
            dir.writeState(state);
            log.append("sandbox.removed", "sandbox", Json.object().put("container", sb.name()));
        }

        AgentResult runAgent(String resume) {
            String apiKey = null;
            String keyVar = task.model().apiKeyEnv();
            if (keyVar != null) {
                apiKey = options.environment().apply(keyVar);
                if (apiKey == null || apiKey.isEmpty()) {
                    throw new IllegalStateException("model.apiKeyEnv: environment variable " + keyVar
                            + " is not set for the runtime; export it (the key never enters the sandbox)");
                }
            }
            log.append("agent.started", "agent", Json.object().put("agent", task.agent()).put("model", task.model().model())
                    .put("baseUrl", task.model().baseUrl()));
            if (!resumed) budget = new Budget(task.budgets()); // the agent's budgets start with the agent, not with provisioning
            budget.measureRunDirectory(() -> RunDirectoryUsage.bytes(dir));
            AgentResult r;
            while (true) {
                try {
                    r = options.agents().get(task.agent())
                            .run(new AgentContext(task, sandbox, log, budget, apiKey, this::isCancelled, dir, resume, gate(),
                                    () -> checkpoints.awaitPending()));
                } catch (SandboxLostException e) {
                    r = AgentResult.stopped(AgentResult.Outcome.SANDBOX_LOST, e.getMessage());
                }
                boolean lost = r.outcome() == AgentResult.Outcome.SANDBOX_LOST || (r.outcome() != AgentResult.Outcome.FINISHED
                        && r.outcome() != AgentResult.Outcome.CANCELLED && !isCancelled() && sandbox != null && sandbox.lost());
                boolean model = r.outcome() == AgentResult.Outcome.MODEL_FAULT;
                boolean crashed = r.outcome() == AgentResult.Outcome.CRASHED || model;
                if (!(lost || crashed) || isCancelled()) break;
                if (!takeRestart(r.reason())) break;
                log.setTurn(null);
                String kind = lost ? "sandbox" : model ? "model" : "agent";
                transition(Status.RECOVERING, (lost ? "the sandbox was lost: " : model ? "the model broke an answer: " : "the agent died: ") + r.reason());
                log.append("recovery.started", "runtime", Json.object().put("kind", kind).put("attempt", restarts)
                        .put("reason", String.valueOf(r.reason())));
                checkpoints.awaitPending();
                // Nothing of the old sandbox may run while host-side restore writes into the workspace and home.
                closeSandboxQuietly();
                resumeFrom(lastCheckpoint(), kind, null);
                resume = resumeSession;
                transition(Status.RUNNING, null);
            }
            state = state.withTurn(budget.turns());
            dir.writeState(state);
            log.setTurn(null);
            ObjectNode data = Json.object().put("outcome", r.outcome().name()).put("turns", budget.turns());
            if (r.summary() != null) data.put("summary", r.summary());
            if (r.reason() != null) data.put("reason", r.reason());
            log.append("agent.finished", "agent", data);
            return r;
        }

        /**
         * Checkpoints start with each turn (the model is thinking) and the agent's first action of the turn waits
         * for them to finish; the session id is remembered for native resume.
         */
        void startCheckpoints() {
            checkpoints = new dev.agentruntime.checkpoint.Checkpointer(dir, log, baseCommit, this::freezeSandbox, () -> Json.object()
                    .put("turns", budget.turns()).put("input", budget.inputTokens()).put("output", budget.outputTokens())
                    .put("cached", budget.cachedTokens()).put("elapsedMillis", budget.elapsed().toMillis()), this::sandboxManifest, () -> agentSession);
            checkpoints.skipWhen(() -> budget.runDirectoryFull());
            log.subscribe(e -> {
                if (e.type().equals("turn.started") && e.turn() != null && phase.equals("agent")) checkpoints.begin(e.turn());
                if (e.type().equals("agent.session")) agentSession = e.text("sessionId");
                if (e.type().equals("egress.request") && e.data().path("allowed").asBoolean()) registryHosts.add(e.text("host"));
            });
        }

        /**
         * Freezes every process of the sandbox (docker pause) while host git reads the workspace and home, so nothing
         * in it can swap files or links under the checkpoint; the returned handle thaws it.
         */
        AutoCloseable freezeSandbox() {
            Sandbox sb = sandbox;
            if (sb == null || !sb.pause()) return () -> { };
            return sb::unpause;
        }

        /** What the sandbox was made of: image, setup done, package registries reached through the proxy. */
        ObjectNode sandboxManifest() {
            if (imageId == null) {
                var r = docker.run(List.of("image", "inspect", "-f", "{{.Id}}", task.image()), Docker.CALL_TIMEOUT, null, 4096);
                imageId = r.ok() ? r.stdout().strip() : "unknown";
            }
            ObjectNode m = Json.object().put("image", task.image()).put("imageId", imageId).put("setupCommands", task.setup().size())
                    .put("setupDone", true);
            var hosts = m.putArray("egressHostsSeen"); // package installs show up here as registry hosts
            registryHosts.forEach(hosts::add);
            return m;
        }

        /**
         * Back to checkpoint {@code c}: the workspace as it was, a sandbox (new one with setup re-run when none is
         * there), budgets as they were (tokens already spent stay spent), and how the agent continues.
         */
        void resumeFrom(dev.agentruntime.checkpoint.Checkpoint c, String kind, String dockerVersion) {
            restoreWorkspace(dir, c);
            // The built-in agent rolls its own session back to the checkpoint (it saved the interrupted turn's answer);
            // a CLI agent's native session files go back with the workspace, so the two agree.
            boolean builtin = task.agent().equals("builtin");
            if (!builtin && c.ref() != null) dev.agentruntime.checkpoint.Checkpoints.restoreAgentHome(dir, c);
            if (sandbox != null) closeSandboxQuietly();
            withSandbox("recovering", () -> restoreWorkspace(dir, c), () -> openSandbox("agent", dockerVersion, true));
            restoreBudget(c);
            // The session as the checkpoint saw it, matching its agent home; none saved yet: a fresh one.
            String session = Checkpoints.holdsSession(dir, c, c.agentSession()) ? c.agentSession() : null;
            resumeSession = builtin ? dev.agentruntime.agent.builtin.BuiltinAgent.resumeBefore(c.beforeTurn())
                    : session;
            log.append("recovery.finished", "runtime", Json.object().put("kind", kind).put("checkpoint", c.seq())
                    .put("beforeTurn", c.beforeTurn()).put("resume", resumeSession == null ? "a fresh agent session on the restored workspace" : resumeSession));
        }

        /** Budgets as checkpoint {@code c} saw them (tokens already spent stay spent). */
        void restoreBudget(dev.agentruntime.checkpoint.Checkpoint c) {
            long in = Math.max(budget.inputTokens(), c.usage().path("input").asLong());
            long out = Math.max(budget.outputTokens(), c.usage().path("output").asLong());
            long cached = Math.max(budget.cachedTokens(), c.usage().path("cached").asLong());
            budget.restore(c.beforeTurn() - 1, in, out, cached);
            budget.addElapsed(java.time.Duration.ofMillis(Math.max(0, c.usage().path("elapsedMillis").asLong() - budget.elapsed().toMillis())));
            resumed = true;
        }

        /** The last checkpoint, or the clone as it was when the run died before its first one. */
        dev.agentruntime.checkpoint.Checkpoint lastCheckpoint() {
            return dev.agentruntime.checkpoint.Checkpoints.latest(dir).orElseGet(() -> dev.agentruntime.checkpoint.Checkpoint.initial(
                    dir.runId(), baseCommit, new dev.agentruntime.git.Git(dir.workspace()).must("reading the start tree", "rev-parse",
                            (startCommit != null ? startCommit : baseCommit) + "^{tree}")));
        }

        void closeSandboxQuietly() {
            try {
                closeSandbox();
            } catch (RuntimeException e) {
                sandbox = null;
            }
        }

        /** The task's policy in front of every tool call and every commit ({@code policy: none}: no gate). */
        ActionGate gate() {
            if (gate == null) gate = withCheckpointBarrier(policyGate());
            return gate;
        }

        /** The agent's first action of a turn waits for that turn's checkpoint; a human's decision time is not billed. */
        ActionGate withCheckpointBarrier(ActionGate inner) {
            return new ActionGate() {
                @Override
                public Verdict check(String tool, dev.agentruntime.agent.ToolKind kind, com.fasterxml.jackson.databind.JsonNode args) {
                    if (checkpoints != null) checkpoints.awaitPending();
                    long t0 = System.nanoTime();
                    try {
                        return inner.check(tool, kind, args);
                    } finally {
                        // Time a human takes to decide is not the agent's: the wall-clock budget does not run meanwhile.
                        long waited = System.nanoTime() - t0;
                        if (waited > 1_000_000_000L && budget != null) budget.addElapsed(java.time.Duration.ofNanos(-waited));
                    }
                }

                @Override
                public boolean mayRefuse() {
                    return inner.mayRefuse();
                }
            };
        }

        ActionGate policyGate() {
            if (task.policy().equals("none")) return ActionGate.ALLOW_ALL;
            if (policyGate == null) {
                Policy policy = task.policy().equals("default") ? Policy.defaults() : Policy.load(Path.of(task.policy()));
                policyGate = new PolicyGate(new PolicyEngine(policy), new Approvals(dir), log, dir.runId(), task.approvals().timeout(),
                        s -> transition(s, null), this::isCancelled, () -> ws.workingDiff());
            }
            return policyGate;
        }

        /** Verify commands in a fresh sandbox; JUnit files are read only after it is gone. */
        VerifyResult verify() {
            log.append("verify.started", "verify", Json.object().put("commands", task.verify().commands().size()));
            java.nio.file.attribute.FileTime since = java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 2000);
            List<VerifyResult.CommandResult> commands = List.of();
            if (!task.verify().commands().isEmpty()) {
                commands = withSandbox("verifying", () -> { }, () -> {
                    openSandbox("verify", null);
                    var results = Verifier.run(task.verify(), sandbox, log);
                    closeSandbox();
                    return results;
                });
            }
            VerifyResult v = new VerifyResult(commands.stream().allMatch(VerifyResult.CommandResult::ok), commands,
                    commands.isEmpty() ? JUnitSummary.NONE : JUnitReports.collect(dir.workspace(), task.verify().junitReports(), since));
            if (!v.passed() && task.verify().compareWithBase() && v.junit().failed() > 0) v = compareWithBase(v);
            ObjectNode finished = Json.object().put("passed", v.passed()).put("tests", v.junit().tests()).put("failedTests", v.junit().failed());
            if (!commands.isEmpty()) {
                var files = finished.putArray("junitFiles");
                dev.agentruntime.verify.JUnitExport.write(dir, v, dir.workspace(), secrets.masker()).forEach(files::add);
            }
            log.append("verify.finished", "verify", finished);
            return v;
        }

        /**
         * verify.compareWithBase: the failing tests' suites run again on the agent's commit and on the base commit
         * (each in a fresh sandbox); a failure that passes on the second run is flaky, one that also fails on the base
         * is pre-existing, the rest were introduced. Verification passes when nothing was introduced.
         */
        VerifyResult compareWithBase(VerifyResult first) {
            Set<String> again = failingTests(runVerifyOnce("verify"));
            String branch = ws.currentBranch();
            Set<String> onBase;
            try {
                ws.checkoutDetached(startCommit != null ? startCommit : baseCommit);
                onBase = failingTests(runVerifyOnce("verify-base"));
            } finally {
                ws.checkoutBranch(branch);
            }
            List<VerifyResult.FailureLabel> labels = new java.util.ArrayList<>();
            for (var f : first.junit().failures()) {
                String test = f.suite() + "." + f.name();
                labels.add(new VerifyResult.FailureLabel(test, !again.contains(test) ? "flaky" : onBase.contains(test) ? "pre-existing" : "introduced"));
            }
            long introduced = labels.stream().filter(l -> l.label().equals("introduced")).count();
            ObjectNode d = Json.object().put("introduced", introduced);
            labels.forEach(l -> d.put(l.test(), l.label()));
            log.append("verify.compared", "verify", d);
            return new VerifyResult(introduced == 0, first.commands(), first.junit(), labels);
        }

        /** One more run of the verify commands in a fresh sandbox; the JUnit results it wrote. */
        JUnitSummary runVerifyOnce(String label) {
            log.append("verify.rerun", "verify", Json.object().put("on", label.equals("verify") ? "the agent's commit" : "the base commit"));
            java.nio.file.attribute.FileTime since = java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 2000);
            withSandbox("verifying", () -> { }, () -> {
                openSandbox("verify", null);
                try {
                    Verifier.run(task.verify(), sandbox, log);
                } finally {
                    closeSandbox();
                }
            });
            return JUnitReports.collect(dir.workspace(), task.verify().junitReports(), since);
        }

        Set<String> failingTests(JUnitSummary j) {
            Set<String> out = new java.util.HashSet<>();
            j.failures().forEach(f -> out.add(f.suite() + "." + f.name()));
            return out;
        }

        /** Commits the workspace if it changed; returns whether the branch has work on it. */
        boolean commitWork(String note) {
            if (ws == null) return false;
            List<String> nested = ws.nestedGitMetadata();
            if (!nested.isEmpty()) {
                log.append("commit.blocked", "git", Json.object().put("nestedGitMetadata", String.join(", ", nested)));
                throw new IllegalStateException("the commit was blocked: the workspace contains git metadata of a nested repository at "
                        + String.join(", ", nested) + "; the runtime never runs git inside agent-made repositories — remove it, or add the files without it");
            }
            if (ws.hasChanges()) {
                Map<String, String> trailers = new LinkedHashMap<>();
                trailers.put("Agent-Run", dir.runId());
                trailers.put("Agent", task.agent());
                trailers.put("Task", task.id());
                boolean hasSummary = summary != null && !summary.isBlank();
                // Masked before it is cut: a secret straddling the cut would otherwise be pushed minus its last character.
                String subject = Text.abbreviate(secrets.masker().mask(Text.firstLine(hasSummary ? summary : task.instructions())), 72);
                if (note != null) subject = "WIP: " + subject + " (" + note + ")";
                // Checked before staging: a blocked commit's content must not become objects in the repository.
                List<String> leaked = dev.agentruntime.secrets.SecretFiles.secretsIn(secrets, ws.dir(), ws.changedPaths());
                if (!leaked.isEmpty()) {
                    log.append("commit.blocked", "git", Json.object().put("secrets", String.join(", ", leaked)));
                    throw new IllegalStateException("the commit was blocked: the workspace changes contain the value of secret "
                            + String.join(", ", leaked) + "; secrets must only be used through their environment variables");
                }
                ws.stage();
                if (policyGate() instanceof PolicyGate pg) { // any commit may be pushed (a handoff pushes work in progress)
                    String refused = pg.checkCommit(ws.stagedPaths());
                    if (refused != null) {
                        ws.unstage();
                        log.append("commit.blocked", "git", Json.object().put("policy", refused));
                        throw new IllegalStateException("the commit was blocked: " + refused);
                    }
                }
                String sha = ws.commitAll(subject, hasSummary ? secrets.masker().mask(summary) : null, trailers);
                state = state.withCommit(sha, false);
                dir.writeState(state);
                log.append("commit.created", "git", Json.object().put("commit", sha).put("branch", state.branch()).put("subject", subject));
            }
            return baseCommit != null && !ws.head().equals(baseCommit);
        }

        /**
         * Removes the sandbox, then records the final status, the report and run.finished, and writes the terminal
         * state.json last: a reader that sees a final status can rely on the report and the complete event log.
         * Each step is guarded so that a failing one cannot leave the run without a final status.
         */
        void cleanUp() {
            try {
                closeSandbox();
            } catch (RuntimeException e) {
                // Docker went away: the reaper removes the container later (its owner will be dead).
                guarded(() -> log.append("sandbox.remove.failed", "sandbox", Json.object().put("error", String.valueOf(e.getMessage()))));
            }
            if (isCancelled() && endStatus != Status.SUCCEEDED) {
                endStatus = Status.CANCELLED;
                endReason = cancelReason() + " while " + state.status().name();
            }
            if (endStatus == null) end(Status.FAILED, "the runtime stopped unexpectedly");
            Status last = state.status();
            try {
                transition(endStatus, endReason, false);
            } catch (RuntimeException e) {
                state = state.withStatus(endStatus, endReason + " (after " + last + ")");
            }
            if (egress != null) guarded(egress::close);
            if (checkpoints != null) guarded(checkpoints::close); // nothing may write after run.finished
            guarded(() -> deleteTree(dir.socketDir()));
            guarded(this::writeReport);
            // A finished run keeps its workspace in workspace.img (DiskVolume#remount mounts it again), compacted.
            try {
                DiskVolume.release(dir);
            } catch (RuntimeException e) {
                guarded(() -> log.append("sandbox.disk.release.failed", "runtime", Json.object().put("error", String.valueOf(e.getMessage()))));
            }
            guarded(() -> log.append("run.finished", "runtime", Json.object().put("status", state.status().name())
                    .put("reason", state.reason()).put("millis", System.currentTimeMillis() - start)));
            state = state.withEventsHead(new RunState.EventsHead(log.lastSeq(), log.lastHash()));
            dir.writeState(state);
        }

        void writeReport() {
            Workspace.DiffStat diff = null;
            var commits = List.<Workspace.Commit>of();
            try {
                if (ws != null && baseCommit != null) {
                    diff = ws.diffStat(baseCommit);
                    commits = ws.commitsSince(baseCommit);
                }
            } catch (RuntimeException e) {
                // The report must be written even when the workspace is broken.
            }
            List<dev.agentruntime.events.Event> events = EventReader.readAll(dir.events());
            int toolCalls = (int) events.stream().filter(e -> e.type().equals("tool.call")).count();
            Double cost = events.stream().filter(e -> e.type().equals("agent.usage") && e.data().hasNonNull("costUsd"))
                    .map(e -> e.data().get("costUsd").asDouble()).reduce(Double::sum).orElse(null);
            Report r = new Report(RunState.PROTOCOL, dir.runId(), task.id(), state.status(), state.reason(),
                    state.status() == Status.SUCCEEDED && Boolean.TRUE.equals(state.pushed()), task.repo(), state.baseBranch(),
                    state.branch(), baseCommit, Boolean.TRUE.equals(state.pushed()), task.agent(), summary, commits, diff, verification,
                    new Report.Usage(budget.turns(), toolCalls, budget.inputTokens(), budget.outputTokens(), budget.cachedTokens(), budget.totalTokens(), cost),
                    new Report.Durations(System.currentTimeMillis() - start, provisioningMs, agentMs, verifyMs, publishMs),
                    network(events), decisions(events), state.createdAt(), Instant.now());
            ReportWriter.write(dir, r, secrets.masker());
            guarded(() -> dev.agentruntime.report.HtmlReport.write(dir, r, events, secrets.masker()));
        }

        List<Report.Decision> decisions(List<dev.agentruntime.events.Event> events) {
            List<Report.Decision> out = new java.util.ArrayList<>();
            for (var e : events) {
                if (e.type().equals("approval.decided")) {
                    out.add(new Report.Decision(e.turn(), e.text("action"), e.text("subject"), e.text("decision"), e.actor(), e.text("reason")));
                } else if (e.type().equals("policy.denied")) {
                    out.add(new Report.Decision(e.turn(), e.text("action"), e.text("subject"), "deny", "policy rules[" + e.text("rule") + "]",
                            e.text("reason")));
                }
            }
            return out;
        }

        Report.Network network(List<dev.agentruntime.events.Event> events) {
            int allowed = 0;
            List<Report.Denial> denials = new java.util.ArrayList<>();
            for (var e : events) {
                if (!e.type().equals("egress.request")) continue;
                if (e.data().path("allowed").asBoolean()) allowed++;
                else denials.add(new Report.Denial(e.text("method"), e.text("host"), e.data().path("port").asInt(), e.text("phase"), e.turn()));
            }
            return new Report.Network(allowed, denials.size(), denials);
        }

        void transition(Status to, String reason) {
            transition(to, reason, true);
        }

        void transition(Status to, String reason, boolean persist) {
            if (!state.status().next().contains(to)) {
                throw new IllegalStateException("illegal status change " + state.status() + " → " + to);
            }
            Status from = state.status();
            state = state.withStatus(to, reason);
            if (persist) dir.writeState(state);
            ObjectNode d = Json.object().put("from", from.name()).put("to", to.name());
            if (reason != null) d.put("reason", reason);
            log.append("state.changed", "runtime", null, d);
        }

        /** The run cannot finish: its work is pushed to the task branch and handoff.md says how to continue. */
        void handOff(String reason, boolean changed) {
            if (changed) {
                try {
                    new PushLedger(dir.ledger(), log).push(ws, state.branch(), ws.head());
                    state = state.withCommit(ws.head(), true);
                    dir.writeState(state);
                    log.append("push.completed", "git", Json.object().put("remote", "origin").put("branch", state.branch())
                            .put("commit", state.commit()).put("handoff", true));
                } catch (RuntimeException e) {
                    log.append("push.failed", "git", Json.object().put("branch", state.branch()).put("error", String.valueOf(e.getMessage())));
                    reason = reason + "; the work could not be pushed (" + e.getMessage() + "), it stays in the run's workspace";
                }
            }
            Handoff.write(dir, task, state, secrets.masker().mask(reason), verification, secrets.masker());
            log.append("handoff.written", "runtime", Json.object().put("file", "handoff.md").put("reason", reason));
            end(Status.HANDED_OFF, reason);
        }

        /** Decides the final status; {@link #cleanUp} records it once the sandbox is gone. The first decision wins. */
        void end(Status to, String reason) {
            if (endStatus != null) return;
            endStatus = to;
            endReason = secrets.masker().mask(reason);
        }

        void abortIfCancelled() {
            Sandbox sb = sandbox;
            if (sb != null && isCancelled()) sb.close();
        }

        /** "cancelled by X" from cancel.json, or "cancelled by signal". */
        String cancelReason() {
            try {
                var req = Json.MAPPER.readTree(dir.cancelRequest().toFile());
                return "cancelled by " + req.path("by").asText("unknown");
            } catch (IOException e) {
                return "cancelled by signal";
            }
        }

        boolean isCancelled() {
            return cancelled.get() || dir.cancelRequested();
        }

        void checkCancelled() {
            if (isCancelled()) throw new Cancelled();
        }
    }

    private static void deleteTree(Path p) {
        if (!Files.exists(p)) return;
        try (var s = Files.walk(p)) {
            for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void guarded(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException ignored) {
            // Best effort during clean-up; the final state.json is still written.
        }
    }

    private static final class Cancelled extends RuntimeException {
        Cancelled() {
            super("cancelled", null, false, false);
        }
    }
}
