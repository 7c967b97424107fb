package dev.agentruntime.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruntime.rundir.Heartbeat;
import dev.agentruntime.rundir.RunId;
import dev.agentruntime.task.TaskSpec;
import dev.agentruntime.util.Proc;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("docker")
class ReaperTest {
    @Test
    void hostWideRemovesContainersOfDeadRuntimesOnlyByLabel() {
        Docker docker = new Docker();
        String deadRun = RunId.next();
        String liveRun = RunId.next();
        // A pid that has exited: start and wait for a short process.
        Process p = startAndWait();
        String deadOwner = Heartbeat.hostName() + ":" + p.pid() + ":" + p.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(1L);
        start(docker, deadRun, deadOwner);
        start(docker, liveRun, Sandbox.owner());
        try {
            var removed = new Reaper(docker).reapDeadOnThisHost();
            assertThat(removed).contains(Sandbox.containerName(deadRun)).doesNotContain(Sandbox.containerName(liveRun));
            assertThat(new Reaper(docker).containersOf(deadRun)).isEmpty();
            assertThat(new Reaper(docker).containersOf(liveRun)).hasSize(1);
        } finally {
            docker.run("rm", "-f", Sandbox.containerName(deadRun), Sandbox.containerName(liveRun));
        }
    }

    private static Process startAndWait() {
        try {
            Process p = new ProcessBuilder("true").start();
            p.waitFor();
            return p;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void start(Docker docker, String runId, String owner) {
        Proc.Result r = docker.run("run", "-d", "--network", "none", "--name", Sandbox.containerName(runId), "--label", Sandbox.RUN_LABEL + "=" + runId,
                "--label", Sandbox.OWNER_LABEL + "=" + owner, TaskSpec.DEFAULT_IMAGE, "sleep", "300");
        assertThat(r.ok()).as(r.diagnostic()).isTrue();
    }
}
