package dev.agentruntime.cli;

import dev.agentruntime.events.EventFormatter;
import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.rundir.RunState;
import dev.agentruntime.rundir.Status;
import dev.agentruntime.run.TaskRunner;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** A run in the foreground of this process (run, resume): progress lines, terminal approvals, cancel on signal. */
final class Attached {
    private Attached() {}

    static int run(TaskRunner runner, RunDirectory dir, boolean json, boolean quiet, Supplier<RunState> work) throws java.io.IOException {
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
            end = work.get();
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
