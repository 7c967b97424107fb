package dev.agentruntime.run;

import dev.agentruntime.common.AtomicFiles;
import dev.agentruntime.common.BadInputException;
import dev.agentruntime.common.Json;
import dev.agentruntime.events.Event;
import dev.agentruntime.events.EventLog;
import dev.agentruntime.rundir.Heartbeat;
import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.rundir.RunId;
import dev.agentruntime.rundir.RunState;
import dev.agentruntime.rundir.Status;
import dev.agentruntime.sandbox.Docker;
import dev.agentruntime.task.TaskSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The lifecycle of one run: provision (clone, branch, sandbox, setup) → agent → verify → commit → push, every
 * step an event and every status change an atomic state.json update. Whatever happens, the sandbox is removed
 * and a report is written. The phases are their own classes ({@link Provisioning}, {@link AgentPhase},
 * {@link Delivery}, {@link Verification}, {@link Finishing}, {@link Resumption}) sharing a {@link RunContext}.
 */
public final class TaskRunner {
    private final RunOptions options;
    private final Docker docker;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private volatile Consumer<Event> observer;

    public TaskRunner(RunOptions options) {
        this.options = options;
        this.docker = new Docker("docker", options.dockerEnv());
    }

    /** Sees every event of the next {@link #execute} as it is written (progress output). */
    public void observe(Consumer<Event> o) {
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

    /**
     * Makes the new run {@code dir} continue the work of {@code previous} (a handed-off run): same branch, its commits
     * as the starting point. Call between {@link #create} and {@link #execute}.
     */
    public void continueFrom(RunDirectory dir, RunDirectory previous) {
        RunState p = RunInputs.continuable(previous);
        AtomicFiles.write(dir.root().resolve(Provisioning.CONTINUE_FROM), Json.pretty(p) + "\n");
    }

    /** Runs the whole lifecycle; returns the final state. Failures end as FAILED with a reason, never as exceptions. */
    public RunState execute(RunDirectory dir, TaskSpec task) {
        return execute(dir, task, false);
    }

    /**
     * Continues a run whose runtime died (kill -9, host restart): from its last checkpoint, never repeating a side
     * effect the ledger shows as done. A run whose runtime died before it started (still CREATED) starts now. Fails
     * with a clear error when the run has ended or is still alive.
     */
    public RunState resume(RunDirectory dir) {
        TaskSpec task = Resumption.resumableTask(dir);
        return execute(dir, task, dir.readState().status() != Status.CREATED);
    }

    private RunState execute(RunDirectory dir, TaskSpec task, boolean resume) {
        // One runtime per run: two resumes (or a resume beside a live run) would interleave their writes.
        try (FileChannel lockFile = FileChannel.open(dir.root().resolve(".runtime.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = lockFile.tryLock()) {
            if (lock == null) throw new BadInputException("RUN", "run " + dir.runId() + " is being executed by another runtime process");
            return executeLocked(dir, task, resume);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + dir.root(), e);
        }
    }

    private RunState executeLocked(RunDirectory dir, TaskSpec task, boolean resume) {
        RunContext run = new RunContext(dir, task, options, docker, cancelled::get);
        try (Heartbeat hb = Heartbeat.start(dir);
             EventLog log = EventLog.open(dir.events(), dir.runId(), EventLog.workerIdentity(task.id(), dir.runId()))) {
            run.log = log;
            if (observer != null) log.subscribe(observer);
            Phases phases = new Phases(run);
            ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "cancel-watcher");
                t.setDaemon(true);
                return t;
            });
            // A cancel (file or signal) must not wait for a long tool call: removing the sandbox ends it at once.
            watcher.scheduleWithFixedDelay(phases.sandbox::abortIfCancelled, 250, 250, TimeUnit.MILLISECONDS);
            try {
                if (resume) phases.resumption.resume();
                else phases.lifecycle();
            } catch (RunContext.Cancelled c) {
                // cleanUp records CANCELLED.
            } catch (RuntimeException e) {
                run.end(Status.FAILED, e.getMessage() != null ? e.getMessage() : e.toString());
            } finally {
                watcher.shutdownNow();
                phases.finishing.cleanUp();
            }
            return run.state;
        }
    }

    /** The phases of one execution, wired to each other and to its {@link RunContext}. */
    private static final class Phases {
        final RunContext run;
        final RunSandbox sandbox;
        final RunCheckpoints checkpoints;
        final Provisioning provisioning;
        final AgentPhase agent;
        final Finishing finishing;
        final Resumption resumption;

        Phases(RunContext run) {
            this.run = run;
            sandbox = new RunSandbox(run);
            checkpoints = new RunCheckpoints(run, sandbox);
            RunGates gates = new RunGates(run, checkpoints);
            Delivery delivery = new Delivery(run, sandbox, checkpoints, new WorkCommit(run, gates), new Verification(run, sandbox));
            provisioning = new Provisioning(run, sandbox, checkpoints);
            agent = new AgentPhase(run, sandbox, checkpoints, gates, delivery);
            finishing = new Finishing(run, sandbox, checkpoints);
            resumption = new Resumption(run, sandbox, checkpoints, provisioning, agent, delivery);
        }

        /** A new run: provisioning, then the agent phase and what follows it. */
        void lifecycle() {
            long t0 = System.currentTimeMillis();
            run.transition(Status.PROVISIONING, null);
            run.loadSecrets();
            provisioning.provision();
            run.provisioningMs = System.currentTimeMillis() - t0;
            checkpoints.start();
            run.transition(Status.RUNNING, null);
            agent.work(null);
        }
    }
}
