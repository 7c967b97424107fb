package dev.agentruntime.batch;

import dev.agentruntime.publish.PublishException;
import dev.agentruntime.publish.Publisher;
import dev.agentruntime.publish.PullRequest;
import dev.agentruntime.publish.RunPublisher;
import dev.agentruntime.rundir.RunDirectory;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Publishes the batch's finished runs through one throttle: one pull-request operation at a time, at least
 * {@code minInterval} apart (GitHub asks integrators not to send mutating requests concurrently and to space them),
 * and a rate-limit answer pauses every publish of the batch for its Retry-After before the same repository is tried
 * again. Idempotent like {@link RunPublisher}: a resumed batch updates the pull request it opened before.
 */
final class BatchPublisher {
    static final int ATTEMPTS = 3;
    /** Longest Retry-After the batch waits out; beyond it the row says why and {@code batch resume} publishes later. */
    static final long MAX_WAIT_SECONDS = 120;
    private final BatchSpec.Publish spec;
    private final Publisher provider;
    private final String token;
    private final Path runsDir;
    private long lastCallNanos;
    private volatile boolean cancelled;

    BatchPublisher(BatchSpec.Publish spec, Publisher provider, String token, Path runsDir) {
        this.spec = spec;
        this.provider = provider;
        this.token = token;
        this.runsDir = runsDir;
    }

    synchronized RepoRecord publish(RepoRecord rec, Batch.Item item) throws InterruptedException {
        RunDirectory dir = new RunDirectory(runsDir.resolve(rec.runId()));
        for (int attempt = 1; ; attempt++) {
            spaceOut();
            try {
                PullRequest pr = RunPublisher.publish(dir, provider, item.publishRepo(), spec.draft(), spec.labels(), token);
                return rec.published(pr.number(), pr.url());
            } catch (PublishException e) {
                Long wait = e.retryAfterSeconds();
                if (wait == null || wait > MAX_WAIT_SECONDS || attempt == ATTEMPTS) return rec.publishFailed(e.getMessage());
                if (!pause(Duration.ofSeconds(Math.max(1, wait)))) return rec.publishFailed("cancelled while waiting out a rate limit: " + e.getMessage());
            } catch (RuntimeException e) { // push refused, run directory unreadable, …: the run's outcome stands, only the PR is missing
                return rec.publishFailed(e.getMessage() != null ? e.getMessage() : e.toString());
            } finally {
                lastCallNanos = System.nanoTime();
            }
        }
    }

    void cancel() {
        cancelled = true;
    }

    /** Sleeps in short steps so a cancel ends the wait; false when cancelled. */
    private boolean pause(Duration d) throws InterruptedException {
        long until = System.nanoTime() + d.toNanos();
        while (!cancelled && System.nanoTime() < until) Thread.sleep(Math.min(200, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
        return !cancelled;
    }

    private void spaceOut() throws InterruptedException {
        if (lastCallNanos == 0) return;
        long wait = spec.minInterval().toNanos() - (System.nanoTime() - lastCallNanos);
        if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
    }
}
