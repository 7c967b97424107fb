package dev.agentruntime.cli;

import dev.agentruntime.batch.BatchDir;
import dev.agentruntime.batch.BatchRunner;
import dev.agentruntime.batch.Batches;
import dev.agentruntime.batch.RepoRuns;
import dev.agentruntime.batch.TaskRepoRuns;
import dev.agentruntime.run.RunOptions;
import dev.agentruntime.util.BadInputException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "batch", description = "Run one task template over many repositories (canary, concurrency, maxFailures), one report; see docs/batch.md.",
        subcommands = {BatchCommand.Resume.class, BatchCommand.Status.class})
final class BatchCommand implements Callable<Integer> {
    @Parameters(paramLabel = "BATCH_FILE", arity = "0..1", description = "Batch file (YAML or JSON).")
    Path batchFile;

    @Mixin
    RunsDirOption runsDir;

    @Override
    public Integer call() throws Exception {
        if (batchFile == null) throw new BadInputException("BATCH_FILE", "missing; run `agent-runtime batch BATCH_FILE`, or `batch resume BATCH` to continue one");
        Path root = runsDir.runs().root();
        return attached((progress, started) -> Batches.start(batchFile, root, realRuns(), System::getenv, progress, started));
    }

    @Command(name = "resume", description = "Continue a batch after a crash or a stop; finished repositories are not run again.")
    static final class Resume implements Callable<Integer> {
        @Parameters(paramLabel = "BATCH", description = "Batch id or batch directory.")
        String batch;

        @Mixin
        RunsDirOption runsDir;

        @Override
        public Integer call() throws Exception {
            Path root = runsDir.runs().root();
            return attached((progress, started) -> Batches.resume(batch, root, realRuns(), System::getenv, progress, started));
        }
    }

    @Command(name = "status", description = "Print a batch's report table (as of its last write).")
    static final class Status implements Callable<Integer> {
        @Parameters(paramLabel = "BATCH", description = "Batch id or batch directory.")
        String batch;

        @Mixin
        RunsDirOption runsDir;

        @Override
        public Integer call() throws Exception {
            BatchDir dir = BatchDir.find(runsDir.runs().root(), batch);
            Path md = dir.root().resolve("report.md");
            BatchDir.State s = dir.state();
            System.out.println(Files.exists(md) ? Files.readString(md).strip()
                    : "batch " + batch + ": " + (s == null ? "not started" : s.status()) + "; no report yet (it is written when the batch ends)");
            return Main.OK;
        }
    }

    private static Function<Path, RepoRuns> realRuns() {
        return runs -> new TaskRepoRuns(runs, RunOptions.defaults());
    }

    @FunctionalInterface
    interface Work {
        Batches.Result run(Consumer<String> progress, Consumer<BatchRunner> started) throws InterruptedException;
    }

    /** Progress on stdout; SIGTERM/Ctrl-C cancels the runs in flight and waits for their reports. */
    static int attached(Work work) throws InterruptedException {
        PrintStream out = System.out;
        CountDownLatch done = new CountDownLatch(1);
        BatchRunner[] runner = new BatchRunner[1];
        Thread hook = new Thread(() -> {
            if (runner[0] != null) runner[0].cancel();
            try {
                done.await(90, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
            }
        }, "cancel-batch-on-signal");
        Runtime.getRuntime().addShutdownHook(hook);
        Batches.Result end;
        try {
            end = work.run(line -> out.println("[batch] " + line), r -> runner[0] = r);
        } finally {
            done.countDown();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // exiting on a signal
        }
        out.println("report: " + end.dir().resolve("report.md") + " (and report.json, report.html)");
        return end.status() == BatchDir.Status.FINISHED && end.allSucceeded() ? Main.OK : Main.RUN_FAILED;
    }
}
