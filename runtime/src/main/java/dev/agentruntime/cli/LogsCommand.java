package dev.agentruntime.cli;

import dev.agentruntime.events.Event;
import dev.agentruntime.events.EventFormatter;
import dev.agentruntime.events.EventReader;
import dev.agentruntime.rundir.Liveness;
import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.rundir.RunState;
import java.time.Instant;
import dev.agentruntime.common.Json;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "logs", description = "Print a run's events; --follow keeps tailing until the run ends.")
final class LogsCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN", description = "Run id, unique id prefix, or run directory.")
    String run;

    @Mixin
    RunsDirOption runsDir;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new events until the run reaches a final status.")
    boolean follow;

    @Option(names = "--json", description = "Print the raw JSON lines.")
    boolean json;

    @Override
    public Integer call() throws InterruptedException {
        RunDirectory dir = runsDir.runs().find(run);
        EventReader reader = new EventReader(dir.events());
        while (true) {
            // Read the state first: if it is final, every event was written before it, so one more poll gets them all.
            RunState state = dir.readState();
            boolean finished = state.status().isTerminal();
            for (Event e : reader.poll()) System.out.println(json ? Json.write(e) : EventFormatter.format(e));
            System.out.flush();
            if (!follow || finished) return Main.OK;
            Liveness liveness = Liveness.of(dir, state, Instant.now());
            if (!liveness.alive()) {
                System.err.println("the runtime of run " + dir.runId() + " stopped without finishing it: " + liveness.why());
                return Main.RUN_FAILED;
            }
            Thread.sleep(200);
        }
    }
}
