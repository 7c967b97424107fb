package dev.agentruntime.cli;

import dev.agentruntime.events.EventFormatter;
import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.rundir.RunState;
import dev.agentruntime.rundir.Status;
import dev.agentruntime.run.RunOptions;
import dev.agentruntime.run.TaskRunner;
import dev.agentruntime.task.TaskSpec;
import dev.agentruntime.task.TaskSpecs;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", description = "Run a task: sandbox, branch, agent, verification, push, report.")
final class RunCommand implements Callable<Integer> {
    @Parameters(paramLabel = "TASK_FILE", description = "Task spec (YAML or JSON), see docs/task-spec.md.")
    Path taskFile;

    @Mixin
    RunsDirOption runsDir;

    @Option(names = "--run-id", description = "Use this run id instead of a generated one (controllers that must know it in advance).")
    String runId;

    @Option(names = "--json", description = "Print the final report as JSON on stdout; progress goes to stderr.")
    boolean json;

    @Option(names = "--quiet", description = "No progress lines.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        TaskSpec task = TaskSpecs.load(taskFile);
        TaskRunner runner = new TaskRunner(RunOptions.defaults());
        RunDirectory dir = runner.create(task, runsDir.runs().root(), runId);
        PrintStream progress = json ? System.err : System.out;
        progress.println("run " + dir.runId() + " → " + dir.root());
        if (!quiet) runner.observe(e -> progress.println(EventFormatter.format(e)));
        java.io.Console console = System.console();
        Thread approver = console != null && !json ? TerminalApprover.start(dir, console, System.getProperty("user.name")) : null;
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            runner.cancel();
            try {
                done.await(60, TimeUnit.SECONDS); // let the run remove its sandbox and write its report
            } catch (InterruptedException ignored) {
            }
        }, "cancel-on-signal");
        Runtime.getRuntime().addShutdownHook(hook);
        RunState end;
        try {
            end = runner.execute(dir, task);
        } finally {
            done.countDown();
            if (approver != null) approver.interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // Already exiting on a signal.
        }
        if (json) {
            System.out.println(Files.readString(dir.reportJson()).strip());
        } else {
            System.out.println();
            System.out.println(end.status() + (end.reason() != null ? ": " + end.reason() : "")
                    + (end.branch() != null ? "\nbranch: " + end.branch() + (Boolean.TRUE.equals(end.pushed()) ? " (pushed)" : " (not pushed)") : "")
                    + "\nreport: " + dir.reportMd());
        }
        return end.status() == Status.SUCCEEDED ? Main.OK : Main.RUN_FAILED;
    }
}
