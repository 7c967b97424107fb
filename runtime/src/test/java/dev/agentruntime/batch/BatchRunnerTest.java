package dev.agentruntime.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentruntime.common.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The controller's scheduling over runs stubbed in memory: canary, concurrency bound, maxFailures, resume. */
class BatchRunnerTest {
    @TempDir
    Path tmp;

    /** Runs that take a little time, fail for the named repositories, and record what happened. */
    static class Stub implements RepoRuns {
        final Set<String> failing;
        final List<String> started = new CopyOnWriteArrayList<>();
        final Map<String, String> runIds = new ConcurrentHashMap<>();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final List<Integer> inFlightAtStart = new CopyOnWriteArrayList<>();

        Stub(String... failing) {
            this.failing = Set.of(failing);
        }

        @Override
        public RunSummary run(String runId, Batch.Item item) {
            inFlightAtStart.add(inFlight.get());
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            started.add(item.name());
            runIds.put(item.name(), runId);
            try {
                Thread.sleep(40);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
            }
            boolean fail = failing.contains(item.name());
            return new RunSummary(fail ? RepoRecord.Outcome.HANDED_OFF : RepoRecord.Outcome.SUCCEEDED, "agent/b", "c0ffee", true,
                    fail ? "failed" : "passed", 100L, 40L, fail ? "verification failed" : null, fail ? "1 failing test; continue: …" : null);
        }

        @Override
        public void cancelAll() {}
    }

    /** Stands for the controller failing inside a run: the record is left as it was, as after kill -9. */
    static final class Crash extends Error {}

    Path batchFile(int repos, String settings) throws Exception {
        StringBuilder y = new StringBuilder("id: b\n" + settings + "\ntemplate:\n  instructions: i\n  model: {baseUrl: \"http://127.0.0.1:9/v1\", model: m}\nrepos:\n");
        for (int i = 0; i < repos; i++) y.append("  - https://git.example.invalid/r").append(i).append(".git\n");
        Path f = tmp.resolve("batch.yaml");
        Files.writeString(f, y);
        return f;
    }

    BatchDir.Status start(Path file, RepoRuns runs) throws Exception {
        return Batches.start(file, tmp.resolve("runs"), r -> runs, Map.<String, String>of()::get, l -> {}, r -> {}).status();
    }

    JsonNode report() throws Exception {
        return Json.MAPPER.readTree(tmp.resolve("runs/batches/b/report.json").toFile());
    }

    @Test
    void canaryRunsAloneThenTheRestAtMostConcurrencyAtATime() throws Exception {
        Stub stub = new Stub("r5");
        assertThat(start(batchFile(8, "canary: 1\nconcurrency: 3"), stub)).isEqualTo(BatchDir.Status.FINISHED);
        assertThat(stub.started.get(0)).isEqualTo("r0");
        assertThat(stub.inFlightAtStart.get(0)).isZero();
        assertThat(stub.inFlightAtStart.get(1)).as("nothing starts beside the canary").isZero();
        assertThat(stub.maxInFlight.get()).isEqualTo(3);
        assertThat(stub.started).hasSize(8).doesNotHaveDuplicates();
        JsonNode r = report();
        assertThat(r.path("totals").path("succeeded").asInt()).isEqualTo(7);
        assertThat(r.path("totals").path("handedOff").asInt()).isEqualTo(1);
        assertThat(r.path("handoffs").get(0).path("name").asText()).isEqualTo("r5");
        assertThat(Files.readString(tmp.resolve("runs/batches/b/report.md"))).contains("| r5 | HANDED_OFF |").contains("1 handed off");
        assertThat(Files.readString(tmp.resolve("runs/batches/b/report.html"))).contains("<td class=\"handed_off\">HANDED_OFF</td>");
    }

    @Test
    void aFailedCanaryStopsTheFanOut() throws Exception {
        Stub stub = new Stub("r0");
        assertThat(start(batchFile(5, "canary: 1\nconcurrency: 2"), stub)).isEqualTo(BatchDir.Status.STOPPED);
        assertThat(stub.started).containsExactly("r0");
        JsonNode r = report();
        assertThat(r.path("totals").path("skipped").asInt()).isEqualTo(4);
        assertThat(r.path("reason").asText()).contains("canary r0 ended HANDED_OFF");
        assertThat(r.path("repos").get(1).path("reason").asText()).startsWith("not started: canary r0");
    }

    @Test
    void noNewRunStartsOnceFailuresExceedMaxFailures() throws Exception {
        Stub stub = new Stub("r1", "r2");
        assertThat(start(batchFile(6, "concurrency: 1\nmaxFailures: 1"), stub)).isEqualTo(BatchDir.Status.STOPPED);
        assertThat(stub.started).containsExactly("r0", "r1", "r2");
        assertThat(report().path("totals").path("skipped").asInt()).isEqualTo(3);
        assertThat(report().path("reason").asText()).contains("more than maxFailures 1");
    }

    @Test
    void publishingWithoutItsTokenOrAModelKeyIsRefusedBeforeAnythingStarts() throws Exception {
        Path file = batchFile(2, "publish: {provider: github, repo: \"acme/{name}\"}");
        Files.writeString(file, Files.readString(file).replace("model: m}", "model: m, apiKeyEnv: MODEL_KEY}"));
        Stub stub = new Stub();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> start(file, stub))
                .isInstanceOf(dev.agentruntime.common.BadInputException.class)
                .hasMessageContaining("environment variable MODEL_KEY (model.apiKeyEnv) is not set; 2 repositories need it (r0, r1)")
                .hasMessageContaining("publish.tokenEnv: environment variable AGENT_RUNTIME_PUBLISH_TOKEN is not set");
        assertThat(stub.started).isEmpty();
        assertThat(tmp.resolve("runs/batches/b")).doesNotExist();
    }

    @Test
    void aSecondControllerForTheSameBatchIsRefused() throws Exception {
        Path file = batchFile(1, "");
        java.util.concurrent.CountDownLatch inRun = new java.util.concurrent.CountDownLatch(1), release = new java.util.concurrent.CountDownLatch(1);
        Stub blocking = new Stub() {
            @Override
            public RunSummary run(String runId, Batch.Item item) {
                inRun.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.run(runId, item);
            }
        };
        Thread first = new Thread(() -> {
            try {
                start(file, blocking);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        first.start();
        inRun.await();
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Batches.resume("b", tmp.resolve("runs"), r -> new Stub(), Map.<String, String>of()::get, l -> {}, r -> {}))
                    .hasMessageContaining("batch is being run by another process");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> start(file, new Stub())).hasMessageContaining("batch is being run by another process");
        } finally {
            release.countDown();
            first.join();
        }
        assertThat(report().path("totals").path("succeeded").asInt()).isEqualTo(1);
    }

    @Test
    void aCancelledRunIsNotCountedAsAFailure() throws Exception {
        Stub stub = new Stub() {
            @Override
            public RunSummary run(String runId, Batch.Item item) {
                RunSummary s = super.run(runId, item);
                return item.name().equals("r0") ? new RunSummary(RepoRecord.Outcome.CANCELLED, null, null, false, "not run", 0L, 1L, "cancelled by ops", null) : s;
            }
        };
        assertThat(start(batchFile(3, "concurrency: 1\nmaxFailures: 0"), stub)).isEqualTo(BatchDir.Status.FINISHED);
        assertThat(stub.started).containsExactly("r0", "r1", "r2");
        assertThat(report().path("totals").path("cancelled").asInt()).isEqualTo(1);
    }

    @Test
    void resumeRunsOnlyWhatHasNotEndedAndEarlierFailuresStillCount() throws Exception {
        Path file = batchFile(6, "concurrency: 2\nmaxFailures: 0");
        Stub first = new Stub("r2");
        assertThat(start(file, first)).isEqualTo(BatchDir.Status.STOPPED);
        assertThat(first.started).contains("r0", "r1", "r2").hasSizeLessThan(6); // runs that began before r2 failed finish

        // The same batch again, with two slots free from the start: the failure of the first attempt is counted before
        // anything is scheduled, so nothing new starts; finished repositories are kept.
        Stub second = new Stub();
        Function<Path, RepoRuns> runs = r -> second;
        assertThat(Batches.resume("b", tmp.resolve("runs"), runs, Map.<String, String>of()::get, l -> {}, r -> {}).status()).isEqualTo(BatchDir.Status.STOPPED);
        assertThat(second.started).isEmpty();
        assertThat(report().path("totals").path("succeeded").asInt()).isEqualTo(first.started.size() - 1);
        assertThat(report().path("totals").path("skipped").asInt()).isEqualTo(6 - first.started.size());
    }

    @Test
    void aRepositoryCaughtMidRunIsContinuedWithItsRunIdNotStartedAgain() throws Exception {
        Path file = batchFile(3, "concurrency: 1");
        // A controller that dies inside r1's run: its record names the run, the run has not ended.
        RepoRuns crashing = new Stub() {
            @Override
            public RunSummary run(String runId, Batch.Item item) {
                if (item.name().equals("r1")) throw new Crash();
                return super.run(runId, item);
            }
        };
        assertThat(start(file, crashing)).as("a batch whose controller failed is not FINISHED").isEqualTo(BatchDir.Status.STOPPED);
        assertThat(report().path("reason").asText()).contains("batch controller error on r1");
        Path r1 = tmp.resolve("runs/batches/b/repos/0001-r1.json");
        JsonNode before = Json.MAPPER.readTree(r1.toFile());
        assertThat(before.path("outcome").asText()).isEqualTo("RUNNING");
        assertThat(Json.MAPPER.readTree(tmp.resolve("runs/batches/b/repos/0002-r2.json").toFile()).path("outcome").asText()).isEqualTo("SKIPPED");

        Stub second = new Stub();
        Batches.resume("b", tmp.resolve("runs"), r -> second, Map.<String, String>of()::get, l -> {}, r -> {});
        assertThat(second.started).containsExactly("r1", "r2");
        assertThat(second.runIds.get("r1")).isEqualTo(before.path("runId").asText());
        assertThat(report().path("totals").path("succeeded").asInt()).isEqualTo(3);
    }
}
