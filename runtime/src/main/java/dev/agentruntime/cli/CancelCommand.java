package dev.agentruntime.cli;

import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.common.AtomicFiles;
import dev.agentruntime.common.Json;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "cancel", description = "Ask a live run to stop; it removes its sandbox and ends CANCELLED.")
final class CancelCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN", description = "Run id, unique id prefix, or run directory.")
    String run;

    @Mixin
    RunsDirOption runsDir;

    @Option(names = "--by", description = "Who cancels (recorded).", defaultValue = "${sys:user.name}")
    String by;

    @Override
    public Integer call() {
        RunDirectory dir = runsDir.runs().find(run);
        if (dir.readState().status().isTerminal()) {
            System.out.println("run " + dir.runId() + " has already ended: " + dir.readState().status());
            return Main.OK;
        }
        AtomicFiles.write(dir.cancelRequest(), Json.write(Json.object().put("ts", Instant.now().toString()).put("by", by)) + "\n");
        System.out.println("cancellation requested for " + dir.runId());
        return Main.OK;
    }
}
