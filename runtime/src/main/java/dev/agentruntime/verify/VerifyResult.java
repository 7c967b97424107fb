package dev.agentruntime.verify;

import java.util.List;

/**
 * Outcome of the task's verify commands.
 *
 * @param passed   every command exited 0 (vacuously true without commands)
 * @param commands each command run, in order (stops after the first failure)
 * @param junit    test suites found in JUnit XML files the commands wrote
 * @param labels   with verify.compareWithBase: each failing test labelled introduced | pre-existing | flaky
 */
public record VerifyResult(boolean passed, List<CommandResult> commands, JUnitSummary junit, List<FailureLabel> labels) {

    public VerifyResult(boolean passed, List<CommandResult> commands, JUnitSummary junit) {
        this(passed, commands, junit, List.of());
    }

    /** A failing test ({@code suite.name}) and why it failed: introduced, pre-existing or flaky. */
    public record FailureLabel(String test, String label) {}

    /** One verify command. */
    public record CommandResult(String command, int exitCode, long millis, boolean timedOut, String outputTail) {
        public boolean ok() {
            return exitCode == 0 && !timedOut;
        }
    }

    public String failureReason() {
        if (passed) return null;
        for (CommandResult c : commands) {
            if (c.exitCode() != 0 || c.timedOut()) {
                String why = c.timedOut() ? "timed out" : "exited " + c.exitCode();
                String tests = junit != null && junit.failed() > 0 ? " (" + junit.failed() + " failing tests)" : "";
                return "verification failed: `" + c.command() + "` " + why + tests;
            }
        }
        return "verification failed";
    }
}
