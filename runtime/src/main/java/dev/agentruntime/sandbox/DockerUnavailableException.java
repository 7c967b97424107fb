package dev.agentruntime.sandbox;

/** The Docker CLI or daemon cannot be used; the message says how to fix it. */
public final class DockerUnavailableException extends RuntimeException {
    public DockerUnavailableException(String message) {
        super(message);
    }
}
