package dev.agentruntime.bench;

import dev.agentruntime.batch.Batch;
import dev.agentruntime.batch.Batches;
import dev.agentruntime.batch.RepoRecord;
import dev.agentruntime.batch.RepoRuns;
import dev.agentruntime.batch.RunSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Memory of the batch controller as the repository list grows: the real controller (spec validation, batch directory,
 * records, scheduler, report) over N repositories whose runs are stubbed to finish at once. Retained heap is measured
 * after a full GC while the batch is half done; peak heap and threads are sampled throughout.
 */
public final class BatchBench {
    private BatchBench() {}

    public static void run(int[] sizes, Path scratch, PrintStream out) throws IOException, InterruptedException {
        out.println("repos  wall ms  retained-at-half MB  retained/repo KB  peak heap MB  peak threads");
        measure(6, scratch.resolve("warmup"), null); // JIT and class loading out of the numbers
        for (int n : sizes) measure(n, scratch.resolve("n" + n), out);
    }

    private static void measure(int repos, Path dir, PrintStream out) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path file = dir.resolve("batch.yaml");
        StringBuilder yaml = new StringBuilder("""
                id: bench
                canary: 1
                concurrency: 4
                template:
                  instructions: Upgrade the logging library.
                  model: {baseUrl: "http://127.0.0.1:9/v1", model: scripted}
                  verify: ["make test"]
                repos:
                """);
        for (int i = 0; i < repos; i++) yaml.append("  - https://git.example.invalid/acme/service-").append(i).append(".git\n");
        Files.writeString(file, yaml);
        gc();
        long base = used();
        AtomicLong retained = new AtomicLong();
        AtomicLong peak = new AtomicLong();
        AtomicInteger threads = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(used() - base, Math::max);
                threads.accumulateAndGet(Thread.activeCount(), Math::max);
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        RepoRuns instant = new RepoRuns() {
            @Override
            public RunSummary run(String runId, Batch.Item item) {
                if (done.incrementAndGet() == repos / 2) {
                    gc();
                    retained.set(used() - base);
                }
                return new RunSummary(RepoRecord.Outcome.SUCCEEDED, "agent/bench", "0".repeat(40), true, "passed", 1000L, 5L, null, null);
            }

            @Override
            public void cancelAll() {}
        };
        long t0 = System.nanoTime();
        Batches.start(file, dir.resolve("runs"), runs -> instant, Map.<String, String>of()::get, line -> {}, r -> {});
        long wall = (System.nanoTime() - t0) / 1_000_000;
        sampler.interrupt();
        sampler.join();
        if (out != null) {
            out.printf(Locale.ROOT, "%5d  %7d  %19.2f  %16.2f  %12.1f  %12d%n", repos, wall, retained.get() / 1e6,
                    retained.get() / 1024.0 / repos, peak.get() / 1e6, threads.get());
        }
    }

    private static long used() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void gc() {
        for (int i = 0; i < 3; i++) System.gc();
    }
}
