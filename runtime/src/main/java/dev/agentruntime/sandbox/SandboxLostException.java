package dev.agentruntime.sandbox;

/**
 * The sandbox went away (removed, killed, daemon restarted) while the runtime was using it: nothing that ran in it
 * can be trusted to have completed. Recoverable — the run goes on in a new sandbox from its last checkpoint.
 */
public final class SandboxLostException extends SandboxException {
    public SandboxLostException(String message) {
        super(message);
    }
}
