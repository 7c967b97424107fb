package dev.agentruntime.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruntime.demo.DemoScript;
import dev.agentruntime.rundir.Status;
import dev.agentruntime.task.TaskSpec;
import dev.agentruntime.task.TaskSpecs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs that cannot do their work end FAILED or CANCELLED with a reason a person can act on, and leave nothing behind. */
@Tag("docker")
class RunFailuresTest {
    @TempDir
    Path tmp;

    @Test
    void unreachableRepositoryFailsWithGitsExplanation() {
        try (Scenario s = new Scenario(tmp, DemoScript.YAML)) {
            TaskSpec t = TaskSpecs.parse("repo: /nonexistent/repo.git\ninstructions: x\nmodel: {baseUrl: \"" + s.model.baseUrl() + "\", model: m}\n", "t", tmp);
            Scenario.Outcome o = s.run(t);
            assertThat(o.state().status()).isEqualTo(Status.FAILED);
            assertThat(o.state().reason()).startsWith("cannot clone /nonexistent/repo.git").contains("does not exist");
            assertThat(o.report().get("outcome").asText()).isEqualTo("FAILED");
            assertThat(o.types()).doesNotContain("sandbox.created");
        }
    }

    @Test
    void dockerDaemonDownSaysHowToStartIt() {
        try (Scenario s = new Scenario(tmp, DemoScript.YAML)) {
            RunOptions noDaemon = new RunOptions(Agents.standard(), Map.of("DOCKER_HOST", "unix://" + tmp.resolve("no-docker.sock")), System::getenv);
            Scenario.Outcome o = s.run(s.task(""), noDaemon);
            assertThat(o.state().status()).isEqualTo(Status.FAILED);
            assertThat(o.state().reason()).contains("Docker daemon is not reachable").contains("systemctl start docker");
        }
    }

    @Test
    void existingRemoteBranchGetsASuffix() {
        try (Scenario s = new Scenario(tmp, DemoScript.YAML)) {
            s.remoteGit("branch", "agent/fix-calc", "main");
            s.remoteGit("branch", "agent/fix-calc-2", "main");
            Scenario.Outcome o = s.run(s.task(""));
            assertThat(o.state().status()).as(o.state().reason()).isEqualTo(Status.SUCCEEDED);
            assertThat(o.state().branch()).isEqualTo("agent/fix-calc-3");
            assertThat(s.remoteGit("rev-parse", "agent/fix-calc").strip()).isEqualTo(s.remoteGit("rev-parse", "main").strip());
        }
    }

    @Test
    void apiKeyReachesTheModelButNeverTheSandboxOrTheRunDirectory() throws Exception {
        String secret = "sk-test-" + System.nanoTime();
        String script = "turns:\n  - calls: [{tool: bash, args: {command: \"env; cat /proc/1/environ | tr '\\\\0' '\\\\n'\"}}]\n" + DemoScript.YAML.substring(DemoScript.YAML.indexOf("turns:") + 7);
        try (Scenario s = new Scenario(tmp, script)) {
            RunOptions withKey = new RunOptions(Agents.standard(), Map.of(), name -> name.equals("TEST_MODEL_KEY") ? secret : null);
            Scenario.Outcome o = s.run(s.task("apiKeyEnv: yes"), withKey);
            assertThat(o.state().status()).as(o.state().reason()).isEqualTo(Status.SUCCEEDED);
            assertThat(s.model.requests()).allMatch(r -> ("Bearer " + secret).equals(r.header("Authorization")));
            String envDump = o.events().stream().filter(e -> e.type().equals("tool.result")).findFirst().orElseThrow().text("outputTail");
            assertThat(envDump).contains("HOME=/home/agent").doesNotContain(secret);
            for (Path f : Scenario.filesOf(o.dir()).stream().filter(p -> !p.toString().contains("/.git/")).toList()) {
                assertThat(Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain(secret);
            }
        }
    }

    @Test
    void missingApiKeyFailsBeforeTheAgentStarts() {
        try (Scenario s = new Scenario(tmp, DemoScript.YAML)) {
            Scenario.Outcome o = s.run(s.task("apiKeyEnv: yes"), new RunOptions(Agents.standard(), Map.of(), n -> null));
            assertThat(o.state().status()).isEqualTo(Status.FAILED);
            assertThat(o.state().reason()).contains("TEST_MODEL_KEY is not set");
            assertThat(s.model.requests()).isEmpty();
            assertThat(Scenario.containersOf(o.dir().runId())).isEmpty();
        }
    }

    @Test
    void cancelDuringVerificationEndsCancelledNotFailed() throws Exception {
        try (Scenario s = new Scenario(tmp, DemoScript.YAML)) {
            TaskSpec task = s.task("verify: [\"sleep 30\"]");
            TaskRunner runner = new TaskRunner(RunOptions.defaults());
            var dir = runner.create(task, s.runs(), null);
            Thread canceller = new Thread(() -> {
                try {
                    while (dir.readState().status() != Status.VERIFYING) Thread.sleep(50);
                    Thread.sleep(1000);
                    Files.writeString(dir.cancelRequest(), "{\"by\":\"alice\"}\n");
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            canceller.start();
            var end = runner.execute(dir, task);
            canceller.join();
            assertThat(end.status()).isEqualTo(Status.CANCELLED);
            assertThat(end.reason()).isEqualTo("cancelled by alice while VERIFYING");
            assertThat(Scenario.containersOf(dir.runId())).isEmpty();
        }
    }

    @Test
    void cancelRequestStopsTheRunAndRemovesTheSandbox() throws Exception {
        String slow = "turns:\n  - calls: [{tool: bash, args: {command: \"sleep 30\"}}]\n  - calls: [{tool: finish, args: {summary: x}}]\n";
        try (Scenario s = new Scenario(tmp, slow)) {
            TaskSpec task = s.task("");
            TaskRunner runner = new TaskRunner(RunOptions.defaults());
            var dir = runner.create(task, s.runs(), null);
            Thread canceller = new Thread(() -> {
                try {
                    while (dir.readState().status() != Status.RUNNING) Thread.sleep(50);
                    Thread.sleep(500);
                    Files.writeString(dir.cancelRequest(), "{\"by\":\"test\"}\n");
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            canceller.start();
            long t0 = System.nanoTime();
            var end = runner.execute(dir, task);
            canceller.join();
            assertThat(end.status()).isEqualTo(Status.CANCELLED);
            assertThat(dir.readState().status()).isEqualTo(Status.CANCELLED);
            assertThat(end.reason()).isEqualTo("cancelled by test while RUNNING");
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - t0)).isLessThan(java.time.Duration.ofSeconds(25));
            assertThat(Scenario.containersOf(dir.runId())).isEmpty();
        }
    }
}
