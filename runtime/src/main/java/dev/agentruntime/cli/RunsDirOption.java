package dev.agentruntime.cli;

import dev.agentruntime.rundir.Runs;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --runs-dir}, shared by every command that reads or writes runs. */
final class RunsDirOption {
    @Option(names = "--runs-dir", paramLabel = "DIR",
            description = "Directory holding run directories (default: $AGENT_RUNTIME_RUNS or ~/.agent-runtime/runs).")
    Path runsDir;

    Runs runs() {
        return new Runs(runsDir != null ? runsDir : Runs.defaultRoot());
    }
}
