package dev.agentruntime.run;

import static dev.agentruntime.checkpoint.Checkpoints.restoreWorkspace;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentruntime.checkpoint.Checkpoint;
import dev.agentruntime.checkpoint.Checkpointer;
import dev.agentruntime.checkpoint.Checkpoints;
import dev.agentruntime.common.Json;
import dev.agentruntime.sandbox.Docker;
import java.util.List;
import java.util.Set;

/**
 * The run's checkpoints: taken at turn boundaries while the agent works, and the way back to one after a lost
 * sandbox, a dead agent or a dead runtime.
 */
final class RunCheckpoints {
    private final RunContext run;
    private final RunSandbox sandbox;
    private final Set<String> registryHosts = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private Checkpointer checkpointer;
    private volatile String agentSession;
    private String imageId;

    RunCheckpoints(RunContext run, RunSandbox sandbox) {
        this.run = run;
        this.sandbox = sandbox;
    }

    /**
     * Checkpoints start with each turn (the model is thinking) and the agent's first action of the turn waits
     * for them to finish; the session id is remembered for native resume.
     */
    void start() {
        checkpointer = new Checkpointer(run.dir, run.log, run.baseCommit, sandbox::freeze, this::usage, this::sandboxManifest,
                () -> agentSession);
        checkpointer.skipWhen(() -> run.budget.runDirectoryFull()); // the agent phase starts a new budget: read it each time
        run.log.subscribe(e -> {
            if (e.type().equals("turn.started") && e.turn() != null && sandbox.phase().equals("agent")) checkpointer.begin(e.turn());
            if (e.type().equals("agent.session")) agentSession = e.text("sessionId");
            if (e.type().equals("egress.request") && e.data().path("allowed").asBoolean()) registryHosts.add(e.text("host"));
        });
    }

    boolean started() {
        return checkpointer != null;
    }

    /** Waits for the checkpoint being taken, if any. */
    void awaitPending() {
        checkpointer.awaitPending();
    }

    /** A checkpoint now, before turn {@code beforeTurn}. */
    void takeNow(int beforeTurn) {
        checkpointer.takeNow(beforeTurn);
    }

    void close() {
        if (checkpointer != null) checkpointer.close();
    }

    /** The budget's usage so far, as a checkpoint records it. */
    private ObjectNode usage() {
        var budget = run.budget;
        return Json.object().put("turns", budget.turns()).put("input", budget.inputTokens()).put("output", budget.outputTokens())
                .put("cached", budget.cachedTokens()).put("elapsedMillis", budget.elapsed().toMillis());
    }

    /** What the sandbox was made of: image, setup done, package registries reached through the proxy. */
    private ObjectNode sandboxManifest() {
        var task = run.task;
        if (imageId == null) {
            var r = run.docker.run(List.of("image", "inspect", "-f", "{{.Id}}", task.image()), Docker.CALL_TIMEOUT, null, 4096);
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
     * there), budgets as they were (tokens already spent stay spent); returns how the agent continues (the session
     * to resume, or null for a fresh one).
     */
    String resumeFrom(Checkpoint c, String kind, String dockerVersion) {
        var dir = run.dir;
        restoreWorkspace(dir, c);
        // The built-in agent rolls its own session back to the checkpoint (it saved the interrupted turn's answer);
        // a CLI agent's native session files go back with the workspace, so the two agree.
        boolean builtin = run.task.agent().equals("builtin");
        if (!builtin && c.ref() != null) Checkpoints.restoreAgentHome(dir, c);
        if (sandbox.current() != null) sandbox.closeQuietly();
        sandbox.withRestarts("recovering", () -> restoreWorkspace(dir, c), () -> sandbox.open("agent", dockerVersion, true));
        restoreBudget(c);
        // The session as the checkpoint saw it, matching its agent home; none saved yet: a fresh one.
        String session = Checkpoints.holdsSession(dir, c, c.agentSession()) ? c.agentSession() : null;
        String resume = builtin ? dev.agentruntime.agent.builtin.BuiltinAgent.resumeBefore(c.beforeTurn()) : session;
        run.log.append("recovery.finished", "runtime", Json.object().put("kind", kind).put("checkpoint", c.seq())
                .put("beforeTurn", c.beforeTurn()).put("resume", resume == null ? "a fresh agent session on the restored workspace" : resume));
        return resume;
    }

    /** Budgets as checkpoint {@code c} saw them (tokens already spent stay spent). */
    void restoreBudget(Checkpoint c) {
        var budget = run.budget;
        long in = Math.max(budget.inputTokens(), c.usage().path("input").asLong());
        long out = Math.max(budget.outputTokens(), c.usage().path("output").asLong());
        long cached = Math.max(budget.cachedTokens(), c.usage().path("cached").asLong());
        budget.restore(c.beforeTurn() - 1, in, out, cached);
        budget.addElapsed(java.time.Duration.ofMillis(Math.max(0, c.usage().path("elapsedMillis").asLong() - budget.elapsed().toMillis())));
        run.resumed = true;
    }

    /** The last checkpoint, or the clone as it was when the run died before its first one. */
    Checkpoint last() {
        return Checkpoints.latest(run.dir).orElseGet(() -> Checkpoint.initial(run.dir.runId(), run.baseCommit,
                new dev.agentruntime.git.Git(run.dir.workspace()).must("reading the start tree", "rev-parse",
                        (run.startCommit != null ? run.startCommit : run.baseCommit) + "^{tree}")));
    }
}
