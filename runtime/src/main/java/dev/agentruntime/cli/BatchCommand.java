package dev.agentruntime.cli;

import dev.agentruntime.batch.BatchDir;
import dev.agentruntime.batch.BatchRunner;
import dev.agentruntime.batch.Batches;
import dev.agentruntime.batch.RepoRuns;
import dev.agentruntime.batch.TaskRepoRuns;
import dev.agentruntime.run.RunOptions;
import dev.agentruntime.common.BadInputException;
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
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "batch", description = "Run one task template over many repositories (canary, concurrency, maxFailures), one report; see docs/batch.md.",
        subcommands = {BatchCommand.Resume.class, BatchCommand.Status.class})
final class BatchCommand implements Callable<Integer> {
    @Parameters(paramLabel = "BATCH_FILE", arity = "0..1", description = "Batch file (YAML or JSON).")
    Path batchFile;

    @Mixin
    RunsDirOption runsDir;

    @Option(names = "--id", description = "Batch id instead of the file's (e.g. one per scheduled build: junit5-${BUILD_NUMBER}).")
    String id;

    @Override
    public Integer call() throws Exception {
        if (batchFile == null) throw new BadInputException("BATCH_FILE", "missing; run `agent-runtime batch BATCH_FILE`, or `batch resume BATCH` to continue one");
        Path root = runsDir.runs().root();
        return attached((progress, started) -> Batches.start(batchFile, id, root, realRuns(), System::getenv, progress, started));
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
            var report = dev.agentruntime.batch.BatchReport.build(Batches.load(dir), dir); // from the records, as of now
            System.out.print(dev.agentruntime.batch.BatchReport.markdown(report));
            BatchDir.State s = dir.state();
            if (s != null && s.status() == BatchDir.Status.RUNNING && !dir.controllerAlive()) {
                System.out.println("\nNo controller holds this batch: it was interrupted (pid " + s.pid() + " on " + s.host()
                        + "). Continue it with: agent-runtime batch resume " + batch);
            }
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
        java.util.concurrent.atomic.AtomicBoolean signalled = new java.util.concurrent.atomic.AtomicBoolean();
        Thread hook = new Thread(() -> {
            synchronized (runner) {
                signalled.set(true);
                if (runner[0] != null) runner[0].cancel();
            }
            try {
                done.await(90, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
            }
        }, "cancel-batch-on-signal");
        Runtime.getRuntime().addShutdownHook(hook);
        Batches.Result end;
        try {
            end = work.run(line -> out.println("[batch] " + line), r -> {
                synchronized (runner) { // a signal before the runner existed still cancels it
                    runner[0] = r;
                    if (signalled.get()) r.cancel();
                }
            });
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
