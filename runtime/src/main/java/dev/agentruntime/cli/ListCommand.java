package dev.agentruntime.cli;

import dev.agentruntime.common.Json;
import dev.agentruntime.rundir.Liveness;
import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.rundir.RunState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "list", description = "List runs, oldest first, with whether the runtime of each live run is still there.")
final class ListCommand implements Callable<Integer> {
    @Mixin
    RunsDirOption runsDir;

    @Option(names = "--json", description = "One state.json object per line.")
    boolean json;

    @Override
    public Integer call() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"RUN", "STATUS", "RUNTIME", "TASK", "BRANCH"});
        for (RunDirectory d : runsDir.runs().list()) {
            RunState s;
            try {
                s = d.readState();
            } catch (RuntimeException e) {
                continue; // a directory being created right now
            }
            if (json) {
                System.out.println(Json.write(s));
                continue;
            }
            String runtime = s.status().isTerminal() ? "-" : Liveness.of(d, s, Instant.now()).alive() ? "alive" : "gone";
            rows.add(new String[] {s.runId(), s.status().name(), runtime, s.taskId(), s.branch() == null ? "" : s.branch()});
        }
        if (!json) print(rows);
        return Main.OK;
    }

    /** Columns as wide as their longest cell (ids have no length limit worth guessing), two spaces apart. */
    static void print(List<String[]> rows) {
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) for (int i = 0; i < r.length; i++) width[i] = Math.max(width[i], r[i].length());
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(r[i]);
                if (i < r.length - 1) line.append(" ".repeat(width[i] - r[i].length() + 2));
            }
            System.out.println(line.toString().stripTrailing());
        }
    }
}
