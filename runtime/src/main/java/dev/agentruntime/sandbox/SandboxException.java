package dev.agentruntime.sandbox;

/** The sandbox could not be created or used. */
public class SandboxException extends RuntimeException {
    public SandboxException(String message) {
        super(message);
    }
}
