package dev.agentruntime.cli;

import dev.agentruntime.rundir.Liveness;
import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.rundir.RunState;
import dev.agentruntime.common.Json;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "status", description = "Show a run's state.")
final class StatusCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN", description = "Run id, unique id prefix, or run directory.")
    String run;

    @Mixin
    RunsDirOption runsDir;

    @Option(names = "--json", description = "Print state.json.")
    boolean json;

    @Override
    public Integer call() {
        RunDirectory dir = runsDir.runs().find(run);
        RunState s = dir.readState();
        if (json) {
            System.out.println(Json.pretty(s));
            return Main.OK;
        }
        System.out.println("run:     " + s.runId());
        System.out.println("task:    " + s.taskId());
        System.out.println("status:  " + s.status() + (s.reason() != null ? " — " + s.reason() : ""));
        System.out.println("repo:    " + s.repo());
        if (s.branch() != null) System.out.println("branch:  " + s.branch() + " (from " + s.baseBranch() + ")" + (Boolean.TRUE.equals(s.pushed()) ? ", pushed" : ""));
        if (s.turn() != null) System.out.println("turns:   " + s.turn());
        if (s.sandbox() != null) System.out.println("sandbox: " + s.sandbox());
        if (!s.status().isTerminal()) {
            Liveness l = Liveness.of(dir, s, Instant.now());
            System.out.println("runtime: " + (l.alive() ? "alive" : "GONE") + " — " + l.why()
                    + (l.alive() ? "" : "; `agent-runtime resume " + s.runId() + "` continues the run"));
        }
        System.out.println("dir:     " + dir.root());
        return Main.OK;
    }
}
