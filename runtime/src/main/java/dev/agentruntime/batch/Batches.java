package dev.agentruntime.batch;

import dev.agentruntime.publish.Publishers;
import dev.agentruntime.util.BadInputException;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Function;

/** Starting and resuming batches: everything is checked before the batch directory is written or a run starts. */
public final class Batches {
    private Batches() {}

    /** A new batch from its file. */
    public static Result start(Path batchFile, Path runsDir, Function<Path, RepoRuns> runs, Function<String, String> env,
                                        Consumer<String> progress, Consumer<BatchRunner> started) throws InterruptedException {
        Batch batch = BatchSpecs.load(batchFile);
        BatchPublisher publisher = publisher(batch, runsDir, env);
        try (BatchDir dir = BatchDir.create(runsDir, batch)) {
            dir.lock();
            return execute(batch, dir, runs.apply(runsDir), publisher, progress, started);
        }
    }

    /** Continues a batch after a crash or a stop: finished repositories are not run again. */
    public static Result resume(String ref, Path runsDir, Function<Path, RepoRuns> runs, Function<String, String> env,
                                         Consumer<String> progress, Consumer<BatchRunner> started) throws InterruptedException {
        try (BatchDir dir = BatchDir.find(runsDir, ref)) {
            dir.lock();
            BatchDir.Definition def = dir.definition();
            Batch batch = BatchSpecs.parse(def.source(), dir.root().resolve("batch.json") + " (source)", Path.of(def.baseDir()));
            BatchPublisher publisher = publisher(batch, runsDir, env);
            progress.accept("resuming batch " + batch.id() + " from " + dir.root());
            return execute(batch, dir, runs.apply(runsDir), publisher, progress, started);
        }
    }

    private static Result execute(Batch batch, BatchDir dir, RepoRuns runs, BatchPublisher publisher, Consumer<String> progress,
                                           Consumer<BatchRunner> started) throws InterruptedException {
        BatchRunner runner = new BatchRunner(batch, dir, runs, publisher, progress);
        started.accept(runner);
        progress.accept("batch " + batch.id() + ": " + batch.items().size() + " repositories, canary " + batch.canary() + ", concurrency "
                + batch.concurrency() + (batch.maxFailures() != null ? ", maxFailures " + batch.maxFailures() : "") + " → " + dir.root());
        BatchDir.Status status = runner.run();
        var totals = BatchReport.build(batch, dir).path("totals");
        return new Result(dir.root(), status, totals.path("succeeded").asInt() == totals.path("repos").asInt());
    }

    /** Where the batch is, how it ended, and whether every repository's run succeeded. */
    public record Result(Path dir, BatchDir.Status status, boolean allSucceeded) {}

    private static BatchPublisher publisher(Batch batch, Path runsDir, Function<String, String> env) {
        BatchSpec.Publish p = batch.publish();
        if (p == null) return null;
        String token = env.apply(p.tokenEnv());
        if (token == null || token.isBlank()) {
            throw new BadInputException("publish.tokenEnv", "environment variable " + p.tokenEnv() + " is not set; export the code host token there before starting the batch");
        }
        return new BatchPublisher(p, Publishers.create(p.provider(), p.baseUrl(), token, "publish.provider", "publish.baseUrl"), token, runsDir);
    }
}
