package dev.agentruntime.rundir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {
    @TempDir
    Path tmp;

    @Test
    void runIdsAreUniqueAndSortByCreation() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5000; i++) ids.add(RunId.next());
        assertThat(new HashSet<>(ids)).hasSize(ids.size());
        assertThat(ids).isSorted();
        assertThat(ids).allMatch(RunId::looksLikeRunId);
    }

    @Test
    void stateIsReplacedAtomicallyUnderConcurrentReads() throws Exception {
        RunDirectory dir = RunDirectory.create(tmp, RunId.next());
        Instant now = Instant.now();
        RunState s = new RunState(1, dir.runId(), "t", Status.CREATED, null, now, now, "r", null, null, "builtin",
                null, 1L, "h", null, null, false, null);
        dir.writeState(s);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger reads = new AtomicInteger();
        List<Throwable> errors = new ArrayList<>();
        Thread reader = new Thread(() -> {
            while (!stop.get()) {
                try {
                    assertThat(dir.readState().runId()).isEqualTo(dir.runId());
                    reads.incrementAndGet();
                } catch (Throwable e) {
                    errors.add(e);
                    return;
                }
            }
        });
        reader.start();
        for (int i = 0; i < 500; i++) dir.writeState(s.withTurn(i).withStatus(i % 2 == 0 ? Status.PROVISIONING : Status.RUNNING, "x".repeat(i)));
        stop.set(true);
        reader.join();
        assertThat(errors).isEmpty();
        assertThat(reads.get()).isPositive();
        assertThat(dir.readState().turn()).isEqualTo(499);
    }

    @Test
    void statusMachine() {
        assertThat(Status.CREATED.next()).contains(Status.PROVISIONING).doesNotContain(Status.RUNNING);
        assertThat(Status.VERIFYING.next()).contains(Status.SUCCEEDED, Status.FAILED, Status.CANCELLED);
        for (Status s : Status.values()) assertThat(s.isTerminal()).isEqualTo(s.next().isEmpty());
    }

    @Test
    void findsRunsByIdPrefixAndPath() {
        Runs runs = new Runs(tmp);
        RunDirectory a = RunDirectory.create(tmp, "20261127-000000-000-aaaaaa");
        RunDirectory b = RunDirectory.create(tmp, "20261127-000000-001-bbbbbb");
        Instant now = Instant.now();
        for (RunDirectory d : List.of(a, b)) {
            d.writeState(new RunState(1, d.runId(), "t", Status.CREATED, null, now, now, "r", null, null, "builtin", null, 1L, "h", null, null, false, null));
        }
        assertThat(runs.list()).extracting(RunDirectory::runId).containsExactly(a.runId(), b.runId());
        assertThat(runs.find("20261127-000000-001").runId()).isEqualTo(b.runId());
        assertThat(runs.find(a.root().toString()).runId()).isEqualTo(a.runId());
        Set<String> messages = new HashSet<>();
        for (String ref : List.of("20261127", "nope")) {
            try {
                runs.find(ref);
            } catch (dev.agentruntime.common.BadInputException e) {
                messages.add(e.getMessage());
            }
        }
        assertThat(messages).anyMatch(m -> m.contains("matches 2 runs")).anyMatch(m -> m.contains("no run \"nope\""));
    }
}
