package dev.agentruntime.sandbox;

/**
 * One command run in the sandbox.
 *
 * @param exitCode  the command's exit code; 124 when it hit its timeout
 * @param output    stdout and stderr interleaved, head and tail kept when over the cap
 * @param millis    wall time
 * @param timedOut  the timeout killed it
 * @param truncated output was cut to the cap
 */
public record ExecResult(int exitCode, String output, long millis, boolean timedOut, boolean truncated) {
    public boolean ok() {
        return exitCode == 0 && !timedOut;
    }
}
