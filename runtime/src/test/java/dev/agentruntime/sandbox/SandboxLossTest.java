package dev.agentruntime.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentruntime.rundir.RunId;
import dev.agentruntime.task.TaskSpec;
import dev.agentruntime.util.Proc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sandbox removed while a command runs in it: the command dies with 137, and for a moment docker may still report
 * the container as running. The loss must be seen whatever docker says at that instant.
 */
@Tag("docker")
class SandboxLossTest {
    @TempDir
    Path tmp;

    @Test
    void removedDuringACommandIsLostEvenWhileDockerStillCallsItRunning() throws Exception {
        // The docker CLI, except that inspect answers as docker does in the instant after `rm -f` killed everything.
        Path stale = tmp.resolve("docker-stale-inspect");
        Files.writeString(stale, """
                #!/bin/sh
                case "$1" in inspect) case "$*" in *State.Status*) echo running ;; *) echo true ;; esac; exit 0 ;; esac
                exec docker "$@"
                """);
        stale.toFile().setExecutable(true);
        try (Sandbox sb = sandbox(new Docker(stale.toString(), Map.of()))) {
            CompletableFuture<ExecResult> command = CompletableFuture.supplyAsync(() -> sb.exec("sleep 20", Duration.ofSeconds(60), 4096));
            awaitProcess(sb.name(), "sleep 20");
            Proc.of("docker", "rm", "-f", sb.name()).run();
            assertThatThrownBy(command::join).hasCauseInstanceOf(SandboxLostException.class).hasMessageContaining("is gone");
        }
    }

    @Test
    void aCommandThatFailsInALiveSandboxIsItsOwnResult() {
        try (Sandbox sb = sandbox(new Docker())) {
            long t0 = System.nanoTime();
            ExecResult r = sb.exec("echo no; exit 137", Duration.ofSeconds(30), 4096);
            assertThat(r.exitCode()).isEqualTo(137);
            assertThat(r.output()).contains("no");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Sandbox.LOSS_WINDOW); // one probe, no waiting
            assertThat(sb.lost()).isFalse();
        }
    }

    private Sandbox sandbox(Docker docker) {
        String runId = RunId.next();
        try {
            Files.createDirectories(tmp.resolve(runId + "/ws"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Sandbox.create(docker, new SandboxConfig(runId, TaskSpec.DEFAULT_IMAGE, tmp.resolve(runId + "/ws"), tmp.resolve(runId + "/home"),
                "512m", 1.0, 256, true, Map.of(), null));
    }

    private static void awaitProcess(String container, String args) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (Proc.of("docker", "exec", container, "pgrep", "-f", args).run().ok()) return;
            Thread.sleep(25);
        }
        throw new AssertionError(args + " never started in " + container);
    }
}
