package dev.agentruntime.batch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentruntime.publish.Publishers;
import dev.agentruntime.common.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/** Starting and resuming batches: everything is checked before the batch directory is written or a run starts. */
public final class Batches {
    private Batches() {}

    /** Where the batch is, how it ended, and whether every repository's run succeeded (and has its pull request, when publishing). */
    public record Result(Path dir, BatchDir.Status status, boolean allSucceeded) {}

    /** A new batch from its file; {@code idOverride} (the CLI's --id) replaces the file's id when not null. */
    public static Result start(Path batchFile, String idOverride, Path runsDir, Function<Path, RepoRuns> runs, Function<String, String> env,
                               Consumer<String> progress, Consumer<BatchRunner> started) throws InterruptedException {
        Batch batch = BatchSpecs.load(batchFile, idOverride);
        BatchPublisher publisher = checked(batch, batchFile.toString(), runsDir, env);
        try (BatchDir dir = BatchDir.create(runsDir, batch)) {
            return execute(batch, dir, runs.apply(runsDir), publisher, progress, started);
        }
    }

    public static Result start(Path batchFile, Path runsDir, Function<Path, RepoRuns> runs, Function<String, String> env,
                               Consumer<String> progress, Consumer<BatchRunner> started) throws InterruptedException {
        return start(batchFile, null, runsDir, runs, env, progress, started);
    }

    /**
     * Continues a batch after a crash or a stop: finished repositories are not run again. The runs directory is the
     * batch's own (batches/&lt;id&gt; sits in it), whatever {@code runsDir} was used to find it.
     */
    public static Result resume(String ref, Path runsDir, Function<Path, RepoRuns> runs, Function<String, String> env,
                                Consumer<String> progress, Consumer<BatchRunner> started) throws InterruptedException {
        try (BatchDir dir = BatchDir.find(runsDir, ref)) {
            dir.lock();
            Batch batch = load(dir);
            BatchPublisher publisher = checked(batch, dir.root().resolve("batch.json").toString(), dir.runsDir(), env);
            progress.accept("resuming batch " + batch.id() + " from " + dir.root());
            return execute(batch, dir, runs.apply(dir.runsDir()), publisher, progress, started);
        }
    }

    /** The batch as it was started, rebuilt from batch.json. */
    public static Batch load(BatchDir dir) {
        BatchDir.Definition def = dir.definition();
        return BatchSpecs.parse(def.source(), dir.root().resolve("batch.json") + " (source)", Path.of(def.baseDir()));
    }

    /** Whether the report says every repository succeeded — and, when the batch publishes, has its pull request. */
    static boolean allSucceeded(Batch batch, JsonNode report) {
        JsonNode t = report.path("totals");
        int repos = t.path("repos").asInt();
        return t.path("succeeded").asInt() == repos && (batch.publish() == null || t.path("pullRequests").asInt() == repos);
    }

    private static Result execute(Batch batch, BatchDir dir, RepoRuns runs, BatchPublisher publisher, Consumer<String> progress,
                                  Consumer<BatchRunner> started) throws InterruptedException {
        BatchRunner runner = new BatchRunner(batch, dir, runs, publisher, progress);
        started.accept(runner);
        progress.accept("batch " + batch.id() + ": " + batch.items().size() + " repositories, canary " + batch.canary() + ", concurrency "
                + batch.concurrency() + (batch.maxFailures() != null ? ", maxFailures " + batch.maxFailures() : "") + " → " + dir.root());
        BatchDir.Status status = runner.run();
        return new Result(dir.root(), status, allSucceeded(batch, runner.report()));
    }

    /** The environment the tasks and the publisher need, checked once: every missing variable in one error. */
    private static BatchPublisher checked(Batch batch, String source, Path runsDir, Function<String, String> env) {
        List<String> problems = new ArrayList<>(BatchSpecs.missingEnvironment(batch, env));
        BatchSpec.Publish p = batch.publish();
        String token = p == null ? null : env.apply(p.tokenEnv());
        if (p != null && (token == null || token.isBlank())) {
            problems.add("publish.tokenEnv: environment variable " + p.tokenEnv() + " is not set; export the code host token there");
        }
        if (!problems.isEmpty()) throw new BadInputException(source, problems);
        return p == null ? null : new BatchPublisher(p, Publishers.create(p.provider(), p.baseUrl(), token, "publish.provider", "publish.baseUrl"), token, runsDir);
    }
}
