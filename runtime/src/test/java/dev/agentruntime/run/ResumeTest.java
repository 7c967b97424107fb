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
