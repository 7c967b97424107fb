package dev.agentruntime.git;

/** A git operation on the host failed; the message carries git's own explanation. */
public final class GitException extends RuntimeException {
    public GitException(String message) {
        super(message);
    }
}
