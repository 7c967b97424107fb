package dev.agentruntime.agent.builtin;

import java.time.Duration;

/**
 * A model request failed. {@code retryable} failures (5xx, 429, stalls, broken streams) may be retried;
 * others (4xx) will fail the same way again.
 */
public final class ModelException extends RuntimeException {
    private final int status;
    private final boolean retryable;
    private final Duration retryAfter;

    public ModelException(String message, int status, boolean retryable, Duration retryAfter) {
        super(message);
        this.status = status;
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    public int status() {
        return status;
    }

    public boolean retryable() {
        return retryable;
    }

    /** Server-requested wait (Retry-After), or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
