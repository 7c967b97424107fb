package dev.agentruntime.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruntime.approval.Approvals;
import dev.agentruntime.cli.Main;
import dev.agentruntime.events.Event;
import dev.agentruntime.rundir.RunState;
import dev.agentruntime.rundir.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime dies (kill -9) and `agent-runtime resume` continues the run from its last checkpoint. */
@Tag("docker")
class ResumeTest {
    @TempDir
    Path tmp;

    @Test
    void killedWhileAwaitingApprovalThenApprovedAndResumedCompletes() throws Exception {
        try (Scenario s = new Scenario(tmp, ApprovalTest.SCRIPT)) {
            Path taskFile = s.writeTask(s.yaml("builtin", "scripted", ""));
            RuntimeProcess runtime = RuntimeProcess.start(taskFile, s.runs(), "r-approval");
            assertThat(runtime.awaitStatus(Status.AWAITING_APPROVAL)).as("reached AWAITING_APPROVAL").isTrue();
            runtime.kill9();
            RunState dead = runtime.dir.readState();
            assertThat(dead.status()).isEqualTo(Status.AWAITING_APPROVAL);

            // A human approves while no runtime is running; the decision waits in the run directory.
            String id = new Approvals(runtime.dir).pending().get(0).id();
            assertThat(Main.execute("approve", runtime.dir.root().toString(), id, "--allow", "--as", "alice", "--reason=fine")).isZero();

            // The dead runtime may have been half-way through an event line.
            Files.writeString(runtime.dir.events(), "{\"v\":1,\"seq\":", java.nio.file.StandardOpenOption.APPEND);

            RunState end = new TaskRunner(RunOptions.defaults()).resume(runtime.dir);
            Scenario.Outcome o = Scenario.outcome(runtime.dir, end);
            assertThat(end.status()).as(end.reason()).isEqualTo(Status.SUCCEEDED);
            assertThat(o.types()).contains("events.repaired", "run.resumed", "recovery.finished", "checkpoint.created", "push.completed");
            Event decided = o.events().stream().filter(e -> e.type().equals("approval.decided")).findFirst().orElseThrow();
            assertThat(decided.actor()).isEqualTo("alice");
            // One request for the one action, never a second.
            assertThat(o.types().stream().filter(t -> t.equals("approval.requested")).count()).isEqualTo(1);
            assertThat(s.remoteGit("show", "agent/fix-calc:.github/workflows/ci.yml")).contains("on: push");
            assertThat(s.remoteGit("show", "agent/fix-calc:calc.py")).contains(dev.agentruntime.demo.ExampleRepo.FIXED_LINE);
            assertThat(Main.execute("audit", "verify", runtime.dir.root().toString())).isZero();
            assertThat(Scenario.containersOf(runtime.dir.runId())).isEmpty();
        }
    }

    @Test
    void killedBeforeItsBranchExistedItIsProvisionedAgain() throws Exception {
        try (Scenario s = new Scenario(tmp, RecoveryTest.SCRIPT)) {
            // Holding the runs directory's branch lock stops the runtime after its clone, before it has a branch.
            java.nio.file.Files.createDirectories(s.runs().resolve(".branches"));
            RuntimeProcess runtime;
            try (var ch = java.nio.channels.FileChannel.open(s.runs().resolve(".branches/.lock"),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE); var lock = ch.lock()) {
                runtime = RuntimeProcess.start(s.writeTask(s.yaml("builtin", "scripted", "")), s.runs(), "r-clone");
                assertThat(runtime.awaitState(st -> hasEvent(runtime.dir, "repo.cloned"))).isTrue();
                runtime.kill9();
            }
            assertThat(runtime.dir.readState().branch()).as("died before its branch").isNull();
            RunState end = new TaskRunner(RunOptions.defaults()).resume(runtime.dir);
            Scenario.Outcome o = Scenario.outcome(runtime.dir, end);
            assertThat(end.status()).as(end.reason()).isEqualTo(Status.SUCCEEDED);
            assertThat(o.events().stream().filter(e -> e.type().equals("recovery.finished")).findFirst().orElseThrow().text("from"))
                    .isEqualTo("a new clone");
            assertThat(end.branch()).isEqualTo("agent/fix-calc");
            assertThat(s.remoteGit("show", "agent/fix-calc:calc.py")).contains(dev.agentruntime.demo.ExampleRepo.FIXED_LINE);
            assertThat(Scenario.containersOf(runtime.dir.runId())).isEmpty();
        }
    }

    @Test
    void killedAfterTheAgentFinishedTheModelIsNotAskedAgain() throws Exception {
        // The last turn changes a file as it finishes, so the agent's final state gets a checkpoint of its own.
        String script = RecoveryTest.SCRIPT.replace("calls: [{tool: finish,", "calls: [{tool: shell, args: {command: \"echo six >> one.txt\"}}, {tool: finish,");
        try (Scenario s = new Scenario(tmp, script)) {
            RuntimeProcess runtime = RuntimeProcess.start(s.writeTask(s.yaml("builtin", "scripted", "")), s.runs(), "r-final");
            // The checkpoint of the agent's final state (before a turn 7 that never comes), then the commit.
            assertThat(runtime.awaitState(st -> RecoveryTest.turnStarted(runtime.dir, 6) && hasEvent(runtime.dir, "agent.finished")
                    && dev.agentruntime.checkpoint.Checkpoints.latest(runtime.dir).map(c -> c.beforeTurn() == 7).orElse(false))).isTrue();
            runtime.kill9();
            int asked = s.model.requests().size();
            RunState end = new TaskRunner(RunOptions.defaults()).resume(runtime.dir);
            Scenario.Outcome o = Scenario.outcome(runtime.dir, end);
            assertThat(end.status()).as(end.reason()).isEqualTo(Status.SUCCEEDED);
            assertThat(s.model.requests()).as("model requests after the resume").hasSize(asked);
            assertThat(s.remoteGit("show", "agent/fix-calc:one.txt")).isEqualTo("one\nfive\nsix\n");
            assertThat(s.remoteGit("rev-list", "--count", "main..agent/fix-calc").strip()).isEqualTo("1");
        }
    }

    @Test
    void aRunWhoseRuntimeDiedBeforeItStartedStartsOnResume() throws Exception {
        try (Scenario s = new Scenario(tmp, RecoveryTest.SCRIPT)) {
            TaskRunner runner = new TaskRunner(RunOptions.defaults());
            var dir = runner.create(s.task(""), s.runs(), null);
            Process gone = new ProcessBuilder("true").start();
            gone.waitFor();
            dir.writeState(dir.readState().withOwner(gone.pid(), dev.agentruntime.rundir.Heartbeat.hostName()));
            RunState end = new TaskRunner(RunOptions.defaults()).resume(dir);
            assertThat(end.status()).as(end.reason()).isEqualTo(Status.SUCCEEDED);
        }
    }

    static boolean hasEvent(dev.agentruntime.rundir.RunDirectory dir, String type) {
        return Files.exists(dir.events()) && dev.agentruntime.events.EventReader.readAll(dir.events()).stream().anyMatch(e -> e.type().equals(type));
    }

    @Test
    void recoverFindsARunWhoseRuntimeDiedAndFinishesIt() throws Exception {
        try (Scenario s = new Scenario(tmp, RecoveryTest.SCRIPT)) {
            RuntimeProcess runtime = RuntimeProcess.start(s.writeTask(s.yaml("builtin", "scripted", "")), s.runs(), "r-recover");
            assertThat(runtime.awaitState(st -> RecoveryTest.turnStarted(runtime.dir, 3))).isTrue();
            runtime.kill9();
            assertThat(runtime.dir.readState().status().isTerminal()).isFalse();
            assertThat(Main.execute("recover", "--runs-dir", s.runs().toString())).isZero();
            RunState end = runtime.dir.readState();
            assertThat(end.status()).as(end.reason()).isEqualTo(Status.SUCCEEDED);
            assertThat(Scenario.outcome(runtime.dir, end).types()).contains("run.resumed");
            // Nothing is left to recover.
            assertThat(Main.execute("recover", "--runs-dir", s.runs().toString(), "--dry-run")).isZero();
        }
    }
}
