package dev.agentruntime.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.rundir.RunId;
import dev.agentruntime.rundir.RunState;
import dev.agentruntime.rundir.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real runtime launched exactly as agentTask launches it: detached, with a run id chosen in advance, the cookie and
 * the model key in its environment only; it waits for an approval, and agentTask's stop (cancel.json) ends it.
 */
@Tag("docker")
class DetachedRunTest {
    @TempDir
    Path tmp;

    @Test
    void detachedRunIsFoundByItsIdCarriesTheCookieAndStopsOnCancel() throws Exception {
        try (RealRun r = new RealRun(tmp, ApprovalBridgeTest.SCRIPT)) {
            Path taskFile = tmp.resolve("task.yaml");
            Files.writeString(taskFile, r.yaml("").replace("model: scripted}", "model: scripted, apiKeyEnv: " + LaunchCommand.MODEL_KEY_VARIABLE + "}"));
            String runId = RunId.next();
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> runtime = List.of(java, "-cp", System.getProperty("java.class.path"), "dev.agentruntime.cli.Main");
            LaunchCommand c = new LaunchCommand(runtime, taskFile.toString(), runId, r.runs().toString(), tmp.resolve("launch.log").toString(),
                    "agent-task-test-" + runId, Map.of(LaunchCommand.MODEL_KEY_VARIABLE, "sk-test-0123456789"));
            ProcessBuilder pb = new ProcessBuilder(c.argv()).redirectErrorStream(true);
            pb.environment().putAll(c.env());
            Process launch = pb.start();
            assertThat(launch.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(launch.exitValue()).isZero();

            RunDirectory dir = new RunDirectory(r.runs().resolve(runId)); // known before the runtime started
            RunState waiting = await(dir, s -> s.status() == Status.AWAITING_APPROVAL || s.status().isTerminal());
            assertThat(waiting.status()).as(waiting.reason() + "\n" + launchLog()).isEqualTo(Status.AWAITING_APPROVAL);
            long pid = waiting.pid();
            String environ = new String(Files.readAllBytes(Path.of("/proc/" + pid + "/environ")), StandardCharsets.UTF_8);
            assertThat(environ.split("\0")).contains(LaunchCommand.COOKIE_VARIABLE + "=agent-task-test-" + runId,
                    LaunchCommand.MODEL_KEY_VARIABLE + "=sk-test-0123456789");
            assertThat(Files.readSymbolicLink(Path.of("/proc/" + pid + "/fd/0"))).isEqualTo(Path.of("/dev/null"));
            assertThat(Files.readString(Path.of("/proc/" + pid + "/cmdline"))).contains(runId).doesNotContain("sk-test");
            assertThat(Files.readString(dir.task())).doesNotContain("sk-test");

            assertThat(CancelRequest.write(dir.root(), "jenkins")).isTrue();
            RunState end = await(dir, s -> s.status().isTerminal());
            assertThat(end.status()).isEqualTo(Status.CANCELLED);
            assertThat(end.reason()).contains("cancelled by jenkins");
            assertThat(CancelRequest.write(dir.root(), "jenkins")).as("already ended").isFalse();
            for (int i = 0; i < 100 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false); i++) Thread.sleep(100);
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("the runtime exited").isFalse();
            assertThat(RunPoll.poll(dir.root(), EventTail.start()).result()).containsEntry("status", "CANCELLED");
        }
    }

    private String launchLog() throws Exception {
        Path log = tmp.resolve("launch.log");
        return Files.exists(log) ? Files.readString(log) : "(no launch log)";
    }

    private static RunState await(RunDirectory dir, java.util.function.Predicate<RunState> done) throws Exception {
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline) {
            if (dir.exists()) {
                RunState s = dir.readState();
                if (done.test(s)) return s;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("run " + dir.runId() + " did not get there in time; state: " + (dir.exists() ? dir.readState() : "none"));
    }
}
