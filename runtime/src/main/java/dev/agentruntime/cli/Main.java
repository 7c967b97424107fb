package dev.agentruntime.cli;

import dev.agentruntime.common.BadInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/**
 * {@code agent-runtime}: the runtime's command line. Exit codes: 0 success, 1 run failed, 2 bad input. Every
 * subcommand inherits -h/--help and -V/--version ({@code scope = INHERIT}).
 */
@Command(name = "agent-runtime", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, version = "agent-runtime 0.1.0",
        description = "Runs a coding agent on a repository in an isolated sandbox and leaves a branch and a report.",
        subcommands = {RunCommand.class, ResumeCommand.class, RecoverCommand.class, PublishCommand.class, StatusCommand.class, LogsCommand.class, ListCommand.class, CancelCommand.class,
                BatchCommand.class, ReapCommand.class, ApproveCommand.class, AuditCommand.class, PolicyCommand.class, ModelServerCommand.class, DoctorCommand.class, DemoCommand.class, BenchCommand.class})
public final class Main {
    public static final int OK = 0;
    public static final int RUN_FAILED = 1;
    public static final int BAD_INPUT = 2;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof BadInputException b) {
                cmd.getErr().println(b.describe());
                return BAD_INPUT;
            }
            cmd.getErr().println("error: " + (ex.getMessage() != null ? ex.getMessage() : ex.toString()));
            return RUN_FAILED;
        });
        return cl.execute(args);
    }
}
