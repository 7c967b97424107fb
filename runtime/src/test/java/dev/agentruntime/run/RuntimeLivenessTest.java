package dev.agentruntime.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruntime.cli.Main;
import dev.agentruntime.common.AtomicFiles;
import dev.agentruntime.common.Json;
import dev.agentruntime.rundir.Heartbeat;
import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.rundir.Status;
import dev.agentruntime.sandbox.Sandbox;
import dev.agentruntime.task.TaskSpec;
import dev.agentruntime.util.Proc;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One liveness rule for status, list and recover: a runtime killed with kill -9 is reported gone at once (not after
 * the heartbeat goes stale). Sandboxes are reaped per runs directory: neither `run` nor `reap` touches another
 * runs directory's, even when their runtime died.
 */
@Tag("docker")
class RuntimeLivenessTest {
    @TempDir
    Path tmp;

    @Test
    void aKilledRuntimeIsGoneAtOnceAndReapingStaysInsideItsRunsDirectory() throws Exception {
        try (Scenario s = new Scenario(tmp, "turns: [{fault: {hang: true}}]")) { // the runtime waits for its model
            Path otherRuns = tmp.resolve("other-runs");
            String mine = deadRunWithSandbox(s, s.runs());
            String other = deadRunWithSandbox(s, otherRuns);
            String another = null;
            String runs = s.runs().toString();
            RuntimeProcess runtime = RuntimeProcess.start(s.writeTask(s.yaml("builtin", "scripted", "")), s.runs(), "r-live");
            try {
                assertThat(runtime.awaitState(st -> st.status() == Status.RUNNING && Files.exists(runtime.dir.heartbeat())))
                        .as("the runtime reached RUNNING").isTrue();
                assertThat(Scenario.containersOf(mine)).as("run reaps its own runs directory").isEmpty();
                assertThat(Scenario.containersOf(other)).as("and no other").hasSize(1);
                assertThat(cli("status", "r-live", "--runs-dir", runs)).contains("runtime: alive");
                assertThat(cli("list", "--runs-dir", runs)).containsPattern("r-live +RUNNING +alive");
                assertThat(cli("recover", "--dry-run", "--runs-dir", runs)).doesNotContain("r-live");

                runtime.kill9();
                // At once: its heartbeat.json is still fresh, but the process it names is gone.
                assertThat(Heartbeat.isStale(Heartbeat.read(runtime.dir), Instant.now())).isFalse();
                assertThat(cli("status", "r-live", "--runs-dir", runs)).contains("runtime: GONE").contains("is gone");
                assertThat(cli("list", "--runs-dir", runs)).containsPattern("r-live +RUNNING +gone");
                assertThat(cli("recover", "--dry-run", "--runs-dir", runs)).contains("r-live RUNNING");

                another = deadRunWithSandbox(s, s.runs());
                assertThat(cli("reap", "--runs-dir", otherRuns.toString())).contains("removed " + Sandbox.containerName(other));
                assertThat(Scenario.containersOf(other)).isEmpty();
                assertThat(Scenario.containersOf(another)).as("a sandbox of the first runs directory").hasSize(1);
                assertThat(cli("reap", "--runs-dir", runs)).contains("removed " + Sandbox.containerName(another));
                assertThat(Scenario.containersOf(another)).isEmpty();
            } finally {
                runtime.kill9();
                Proc.of("docker", "rm", "-f", Sandbox.containerName("r-live"), Sandbox.containerName(mine), Sandbox.containerName(other),
                        Sandbox.containerName(String.valueOf(another))).run();
            }
        }
    }

    /**
     * A run in {@code runsDir} whose runtime died (kill -9 while RUNNING) and left its sandbox container. The container's
     * owner label names this JVM, which lives: host-wide reapers of other runtimes on this shared machine (they judge by
     * the label) leave it alone, while a runs-directory reaper judges by the run directory, where the runtime is gone.
     */
    static String deadRunWithSandbox(Scenario s, Path runsDir) throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        long started = gone.info().startInstant().map(Instant::toEpochMilli).orElse(1L);
        RunDirectory dir = new TaskRunner(RunOptions.defaults()).create(s.task(""), runsDir, "r-dead-" + System.nanoTime());
        dir.writeState(dir.readState().withStatus(Status.RUNNING, null).withOwner(gone.pid(), Heartbeat.hostName()));
        AtomicFiles.write(dir.heartbeat(), Json.write(new Heartbeat.Beat(Instant.now(), gone.pid(), Heartbeat.hostName(), started,
                Heartbeat.pidNamespace())));
        Proc.Result r = Proc.of("docker", "run", "-d", "--network", "none", "--name", Sandbox.containerName(dir.runId()),
                "--label", Sandbox.RUN_LABEL + "=" + dir.runId(), "--label", Sandbox.OWNER_LABEL + "=" + Heartbeat.hostName() + ":"
                        + ProcessHandle.current().pid() + ":" + Heartbeat.startMillis(ProcessHandle.current()).orElseThrow(),
                TaskSpec.DEFAULT_IMAGE, "sleep", "300").run();
        assertThat(r.ok()).as(r.diagnostic()).isTrue();
        return dir.runId();
    }

    /** stdout of the command line. */
    static synchronized String cli(String... args) {
        PrintStream out = System.out;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        try {
            Main.execute(args);
            return o.toString(StandardCharsets.UTF_8);
        } finally {
            System.setOut(out);
        }
    }
}
