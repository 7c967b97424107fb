package dev.agentruntime.batch;

import dev.agentruntime.rundir.RunId;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs a batch: the canary repositories first (all must succeed), then the rest with at most {@code concurrency} runs
 * at a time, starting no new run once more than {@code maxFailures} have failed. The same code continues a batch after
 * a crash: each repository's record says whether it has ended (only its pull request may still be missing), has a run
 * to continue, or has not started. The controller holds counters and the runs in flight — never the finished ones —
 * so its memory does not grow with the repository list beyond the list itself.
 */
public final class BatchRunner {
    private final Batch batch;
    private final BatchDir dir;
    private final RepoRuns runs;
    private final BatchPublisher publisher;
    private final Consumer<String> progress;
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger canaryFailures = new AtomicInteger();
    private volatile String stopReason;
    private volatile boolean cancelled;

    public BatchRunner(Batch batch, BatchDir dir, RepoRuns runs, BatchPublisher publisher, Consumer<String> progress) {
        this.batch = batch;
        this.dir = dir;
        this.runs = runs;
        this.publisher = publisher;
        this.progress = progress;
    }

    /** Stops starting runs and asks the ones in flight to stop (SIGTERM). */
    public void cancel() {
        cancelled = true;
        stopReason = "cancelled";
        runs.cancelAll();
    }

    /** Runs (or continues) the batch to its end; returns the batch's final status. The report is written last. */
    public BatchDir.Status run() throws InterruptedException {
        dir.writeState(batch.id(), BatchDir.Status.RUNNING, null);
        ExecutorService pool = Executors.newFixedThreadPool(batch.concurrency(), r -> {
            Thread t = new Thread(r, "batch-" + batch.id());
            t.setDaemon(true);
            return t;
        });
        Semaphore slots = new Semaphore(batch.concurrency());
        try {
            for (Batch.Item item : batch.items()) {
                if (item.index() == batch.canary()) {
                    awaitIdle(slots);
                    if (canaryFailures.get() > 0 && stopReason == null) stopReason = "a canary repository did not succeed";
                }
                if (stopReason == null) {
                    slots.acquire();
                    if (stopReason != null) slots.release(); // a run that ended meanwhile stopped the batch
                }
                if (stopReason != null) {
                    skip(item);
                    continue;
                }
                pool.execute(() -> {
                    try {
                        process(item);
                    } finally {
                        slots.release();
                    }
                });
            }
            awaitIdle(slots);
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(1, TimeUnit.MINUTES);
        }
        BatchDir.Status end = cancelled ? BatchDir.Status.CANCELLED : stopReason != null ? BatchDir.Status.STOPPED : BatchDir.Status.FINISHED;
        dir.writeState(batch.id(), end, stopReason);
        BatchReport.write(batch, dir);
        progress.accept("batch " + batch.id() + " " + end + (stopReason != null ? ": " + stopReason : ""));
        return end;
    }

    private void process(Batch.Item item) {
        RepoRecord rec = dir.record(item);
        try {
            if (!rec.outcome().isFinal()) {
                boolean continued = rec.runId() != null;
                String runId = continued ? rec.runId() : RunId.next();
                rec = rec.started(runId, Instant.now());
                dir.write(rec); // the run id is recorded before the run exists: a crash in between continues this run, never a second one
                progress.accept(item.name() + ": run " + runId + (continued ? " (continued after an interruption)" : ""));
                rec = rec.ended(runs.run(runId, item), Instant.now());
                dir.write(rec);
                progress.accept(item.name() + ": " + rec.outcome() + (rec.reason() != null ? " — " + rec.reason() : ""));
            }
            if (publisher != null && rec.publishable()) {
                rec = publisher.publish(rec, item);
                dir.write(rec);
                progress.accept(item.name() + ": " + (rec.prUrl() != null ? "pull request #" + rec.prNumber() + " " + rec.prUrl() : "not published: " + rec.publishError()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // The runner turns run failures into FAILED states; anything escaping it is the batch's problem with this repository.
            rec = rec.ended(new RunSummary(RepoRecord.Outcome.FAILED, null, null, null, "not run", null, null, "batch: " + e.getMessage(), null), Instant.now());
            dir.write(rec);
            progress.accept(item.name() + ": FAILED — " + rec.reason());
        }
        count(item, rec);
    }

    private void count(Batch.Item item, RepoRecord rec) {
        if (rec.outcome() == RepoRecord.Outcome.SUCCEEDED || !rec.outcome().isFinal()) return;
        if (item.index() < batch.canary()) {
            canaryFailures.incrementAndGet();
            stopReason = "canary " + item.name() + " ended " + rec.outcome() + (rec.reason() != null ? " (" + rec.reason() + ")" : "");
        }
        if (rec.outcome() == RepoRecord.Outcome.CANCELLED) return; // someone stopped it: not the agent's failure
        int failed = failures.incrementAndGet();
        if (batch.maxFailures() != null && failed > batch.maxFailures() && stopReason == null) {
            stopReason = failed + " runs did not succeed, more than maxFailures " + batch.maxFailures();
        }
    }

    /** A repository the batch does not start: it keeps a final outcome it already had, otherwise it is SKIPPED. */
    private void skip(Batch.Item item) {
        RepoRecord rec = dir.record(item);
        if (rec.outcome().isFinal()) return;
        dir.write(rec.skipped("not started: " + stopReason));
    }

    /** Waits until no run is in flight. */
    private void awaitIdle(Semaphore slots) throws InterruptedException {
        slots.acquire(batch.concurrency());
        slots.release(batch.concurrency());
    }
}
