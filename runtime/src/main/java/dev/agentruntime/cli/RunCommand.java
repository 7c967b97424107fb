package dev.agentruntime.cli;

import dev.agentruntime.events.EventFormatter;
import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.rundir.RunState;
import dev.agentruntime.rundir.Status;
import dev.agentruntime.run.RunInputs;
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

    @Option(names = "--continue-from", paramLabel = "RUN", description = "Continue a handed-off run's work on its branch (see its handoff.md).")
    String continueFrom;

    @Option(names = "--json", description = "Print the final report as JSON on stdout; progress goes to stderr.")
    boolean json;

    @Option(names = "--quiet", description = "No progress lines.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        TaskSpec task = TaskSpecs.load(taskFile);
        TaskRunner runner = new TaskRunner(RunOptions.defaults());
        RunDirectory previous = continueFrom != null ? runsDir.runs().find(continueFrom) : null;
        if (previous != null) RunInputs.continuable(previous); // before the new run's directory exists
        RunDirectory dir = runner.create(task, runsDir.runs().root(), runId);
        if (previous != null) runner.continueFrom(dir, previous);
        return Attached.run(runner, dir, json, quiet, () -> runner.execute(dir, task));
    }
}
