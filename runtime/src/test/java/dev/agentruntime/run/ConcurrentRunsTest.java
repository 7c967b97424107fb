package dev.agentruntime.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.rundir.RunState;
import dev.agentruntime.rundir.Status;
import dev.agentruntime.task.TaskSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same task started several times at once against one remote: each run gets its own branch up front. */
@Tag("docker")
class ConcurrentRunsTest {
    @TempDir
    Path tmp;

    @Test
    void runsOfOneTaskStartedAtOnceEachPushTheirOwnBranch() {
        int n = 3;
        try (Scenario s = new Scenario(tmp, RecoveryTest.SCRIPT)) {
            TaskSpec task = s.task("");
            CyclicBarrier start = new CyclicBarrier(n);
            List<CompletableFuture<RunState>> runs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                runs.add(CompletableFuture.supplyAsync(() -> {
                    TaskRunner runner = new TaskRunner(RunOptions.defaults());
                    RunDirectory dir = runner.create(task, s.runs(), null);
                    await(start);
                    return runner.execute(dir, task);
                }));
            }
            List<RunState> ends = runs.stream().map(CompletableFuture::join).toList();
            for (RunState end : ends) {
                assertThat(end.status()).as(end.reason()).isEqualTo(Status.SUCCEEDED);
                assertThat(end.pushed()).isTrue();
                assertThat(s.remoteGit("rev-parse", end.branch()).strip()).isEqualTo(end.commit());
            }
            assertThat(ends.stream().map(RunState::branch))
                    .containsExactlyInAnyOrder("agent/fix-calc", "agent/fix-calc-2", "agent/fix-calc-3");
        }
    }

    private static void await(CyclicBarrier b) {
        try {
            b.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
