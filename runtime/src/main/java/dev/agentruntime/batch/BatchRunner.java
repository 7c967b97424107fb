package dev.agentruntime.batch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentruntime.rundir.RunId;
import dev.agentruntime.common.BadInputException;
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
    private volatile String stopReason;
    private volatile boolean cancelled;
    private ObjectNode report;

    public BatchRunner(Batch batch, BatchDir dir, RepoRuns runs, BatchPublisher publisher, Consumer<String> progress) {
        this.batch = batch;
        this.dir = dir;
        this.runs = runs;
        this.publisher = publisher;
        this.progress = progress;
    }

    /** Stops starting runs, asks the ones in flight to stop (SIGTERM) and ends any publish wait. */
    public void cancel() {
        stopReason = "cancelled";
        cancelled = true;
        runs.cancelAll();
        if (publisher != null) publisher.cancel();
    }

    /** Runs (or continues) the batch to its end; returns the batch's final status. The report is written last. */
    public BatchDir.Status run() throws InterruptedException {
        dir.writeState(batch.id(), BatchDir.Status.RUNNING, null);
        countEarlierOutcomes();
        ExecutorService pool = Executors.newFixedThreadPool(batch.concurrency(), r -> {
            Thread t = new Thread(r, "batch-" + batch.id());
            t.setDaemon(true);
            return t;
        });
        Semaphore slots = new Semaphore(batch.concurrency());
        try {
            for (Batch.Item item : batch.items()) {
                if (item.index() == batch.canary() && batch.canary() > 0) {
                    awaitIdle(slots);
                    String canary = failedCanary();
                    if (canary != null && stopReason == null) stopReason = canary;
                }
                RepoRecord rec = dir.record(item);
                boolean started = rec.outcome().isFinal() || rec.runId() != null; // ended, or a run exists that must finish
                if (cancelled || (stopReason != null && !started)) {
                    skip(rec);
                    continue;
                }
                slots.acquire();
                if (cancelled || (stopReason != null && !started)) { // a run that ended meanwhile stopped the batch
                    slots.release();
                    skip(rec);
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
        String unfinished = unfinished();
        if (stopReason == null && unfinished != null) stopReason = unfinished;
        BatchDir.Status end = cancelled ? BatchDir.Status.CANCELLED : stopReason != null ? BatchDir.Status.STOPPED : BatchDir.Status.FINISHED;
        dir.writeState(batch.id(), end, stopReason);
        report = BatchReport.write(batch, dir);
        progress.accept("batch " + batch.id() + " " + end + (stopReason != null ? ": " + stopReason : ""));
        return end;
    }

    /** The report written when {@link #run} ended. */
    public ObjectNode report() {
        return report;
    }

    /** One repository, in a worker thread: its run (new or continued), then its pull request. */
    private void process(Batch.Item item) {
        try {
            RepoRecord rec = dir.record(item);
            if (!rec.outcome().isFinal()) {
                if (rec.runId() == null && stopReason != null) { // stopped after it was queued: it never started
                    skip(rec);
                    return;
                }
                rec = runToEnd(item, rec);
                if (rec == null) return;
                count(item, rec);
            }
            if (publisher != null && rec.publishable() && !cancelled) {
                rec = publisher.publish(rec, item);
                dir.write(rec);
                progress.accept(item.name() + ": " + (rec.prUrl() != null ? "pull request #" + rec.prNumber() + " " + rec.prUrl() : "not published: " + rec.publishError()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            // The controller itself is in trouble (a disk error, out of memory): the record stays as it was, for a resume.
            if (stopReason == null) stopReason = "batch controller error on " + item.name() + ": " + t;
            progress.accept(item.name() + ": " + stopReason);
        }
    }

    /** Runs or continues the repository's run; null when the run is not the batch's to finish now (busy elsewhere). */
    private RepoRecord runToEnd(Batch.Item item, RepoRecord rec) {
        boolean continued = rec.runId() != null;
        String runId = continued ? rec.runId() : RunId.next();
        rec = rec.started(runId, Instant.now());
        dir.write(rec); // the run id is recorded before the run exists: a crash in between continues this run, never a second one
        progress.accept(item.name() + ": run " + runId + (continued ? " (continued after an interruption)" : ""));
        RunSummary s;
        try {
            s = runs.run(runId, item);
        } catch (BadInputException busy) { // e.g. another runtime executes it (agent-runtime recover): not a failure of the run
            if (stopReason == null) stopReason = item.name() + ": " + busy.getMessage() + "; resume the batch when it is free";
            progress.accept(item.name() + ": left for later — " + busy.getMessage());
            return null;
        } catch (RuntimeException e) { // the runner turns run failures into FAILED states; this escaped it
            s = new RunSummary(RepoRecord.Outcome.FAILED, null, null, null, "not run", null, null, "batch: " + e.getMessage(), null);
        }
        rec = rec.ended(s, Instant.now());
        dir.write(rec);
        progress.accept(item.name() + ": " + rec.outcome() + (rec.reason() != null ? " — " + rec.reason() : ""));
        return rec;
    }

    /** Outcomes recorded by an earlier attempt count before anything starts: resume cannot run past maxFailures. */
    private void countEarlierOutcomes() {
        for (Batch.Item item : batch.items()) {
            RepoRecord rec = dir.record(item);
            if (rec.outcome().isFinal()) count(item, rec);
        }
    }

    private void count(Batch.Item item, RepoRecord rec) {
        RepoRecord.Outcome o = rec.outcome();
        if (o == RepoRecord.Outcome.SUCCEEDED || o == RepoRecord.Outcome.CANCELLED) return; // cancelled: someone stopped it, not the agent's failure
        int failed = failures.incrementAndGet();
        if (batch.maxFailures() != null && failed > batch.maxFailures() && stopReason == null) {
            stopReason = failed + " runs failed or were handed off, more than maxFailures " + batch.maxFailures();
        }
    }

    /** Why the canary does not let the rest start, read from the canary's records; null when every one SUCCEEDED. */
    private String failedCanary() {
        for (Batch.Item item : batch.items().subList(0, batch.canary())) {
            RepoRecord rec = dir.record(item);
            if (rec.outcome() != RepoRecord.Outcome.SUCCEEDED) {
                return "canary " + item.name() + " ended " + rec.outcome() + (rec.reason() != null ? " (" + rec.reason() + ")" : "");
            }
        }
        return null;
    }

    private String unfinished() {
        long n = batch.items().stream().filter(i -> !dir.record(i).outcome().isFinal()).count();
        return n == 0 ? null : n + " repositories did not finish";
    }

    /**
     * A repository the batch does not start now. Never started: SKIPPED with the reason. A run it already has (the
     * batch was cancelled while it was in flight) keeps its record, so {@code batch resume} continues it.
     */
    private void skip(RepoRecord rec) {
        if (rec.outcome().isFinal() || rec.runId() != null) return;
        dir.write(rec.skipped("not started: " + stopReason));
    }

    /** Waits until no run is in flight. */
    private void awaitIdle(Semaphore slots) throws InterruptedException {
        slots.acquire(batch.concurrency());
        slots.release(batch.concurrency());
    }
}
