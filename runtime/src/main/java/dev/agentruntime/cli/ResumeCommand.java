package dev.agentruntime.cli;

import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.run.RunOptions;
import dev.agentruntime.run.TaskRunner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "resume", description = "Continue a run whose runtime died (kill -9, reboot) from its last checkpoint.")
final class ResumeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN", description = "Run id, unique id prefix, or run directory.")
    String run;

    @Mixin
    RunsDirOption runsDir;

    @Option(names = "--json", description = "Print the final report as JSON on stdout; progress goes to stderr.")
    boolean json;

    @Option(names = "--quiet", description = "No progress lines.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        RunDirectory dir = runsDir.runs().find(run);
        TaskRunner runner = new TaskRunner(RunOptions.defaults());
        return Attached.run(runner, dir, json, quiet, () -> runner.resume(dir));
    }
}
