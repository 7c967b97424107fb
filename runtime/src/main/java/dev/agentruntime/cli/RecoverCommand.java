package dev.agentruntime.cli;

import dev.agentruntime.rundir.Liveness;
import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.rundir.RunState;
import dev.agentruntime.run.RunOptions;
import dev.agentruntime.run.TaskRunner;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "recover", description = "Find live runs whose runtime died and resume them one by one (or only list them).")
final class RecoverCommand implements Callable<Integer> {
    @Mixin
    RunsDirOption runsDir;

    @Option(names = "--dry-run", description = "Only list the runs that would be resumed.")
    boolean dryRun;

    @Override
    public Integer call() {
        List<RunDirectory> orphans = runsDir.runs().list().stream().filter(d -> {
            RunState s = d.readState();
            return !s.status().isTerminal() && s.status() != dev.agentruntime.rundir.Status.CREATED && !Liveness.of(d).alive();
        }).toList();
        if (orphans.isEmpty()) System.out.println("no run needs recovery");
        int failed = 0;
        for (RunDirectory d : orphans) {
            RunState s = d.readState();
            System.out.println(d.runId() + " " + s.status() + " (" + Liveness.of(d).why() + ")");
            if (dryRun) continue;
            RunState end = new TaskRunner(RunOptions.defaults()).resume(d);
            System.out.println("  → " + end.status() + (end.reason() != null ? ": " + end.reason() : ""));
            if (end.status() != dev.agentruntime.rundir.Status.SUCCEEDED) failed++;
        }
        return failed == 0 ? Main.OK : Main.RUN_FAILED;
    }
}
