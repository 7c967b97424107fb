package dev.agentruntime.batch;

import dev.agentruntime.publish.PublishException;
import dev.agentruntime.publish.Publisher;
import dev.agentruntime.publish.PullRequest;
import dev.agentruntime.publish.RunPublisher;
import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.util.BadInputException;
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
    private final BatchSpec.Publish spec;
    private final Publisher provider;
    private final String token;
    private final Path runsDir;
    private long lastCallNanos;

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
                if (e.retryAfterSeconds() == null || attempt == ATTEMPTS) return rec.publishFailed(e.getMessage());
                Thread.sleep(Duration.ofSeconds(Math.max(1, e.retryAfterSeconds())).toMillis());
            } catch (BadInputException | IllegalStateException e) {
                return rec.publishFailed(e.getMessage());
            } finally {
                lastCallNanos = System.nanoTime();
            }
        }
    }

    private void spaceOut() throws InterruptedException {
        if (lastCallNanos == 0) return;
        long wait = spec.minInterval().toNanos() - (System.nanoTime() - lastCallNanos);
        if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
    }
}
