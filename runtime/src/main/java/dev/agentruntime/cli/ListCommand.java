package dev.agentruntime.cli;

import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.rundir.RunState;
import dev.agentruntime.common.Json;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "list", description = "List runs, oldest first.")
final class ListCommand implements Callable<Integer> {
    @Mixin
    RunsDirOption runsDir;

    @Option(names = "--json", description = "One state.json object per line.")
    boolean json;

    @Override
    public Integer call() {
        List<RunDirectory> runs = runsDir.runs().list();
        if (!json) System.out.printf("%-27s %-12s %-24s %s%n", "RUN", "STATUS", "TASK", "BRANCH");
        for (RunDirectory d : runs) {
            RunState s;
            try {
                s = d.readState();
            } catch (RuntimeException e) {
                continue; // a directory being created right now
            }
            if (json) System.out.println(Json.write(s));
            else System.out.printf("%-27s %-12s %-24s %s%n", s.runId(), s.status(), s.taskId(), s.branch() == null ? "" : s.branch());
        }
        return Main.OK;
    }
}
