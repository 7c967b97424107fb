package dev.agentruntime.model;

/**
 * How faithfully the scripted server speaks its wire formats. Broken profiles imitate endpoints that call
 * themselves compatible but break agents; {@code agent-runtime doctor} must catch each.
 */
public enum Profile {
    /** Everything as the real APIs do it. */
    GOOD,
    /** No usage in the stream. */
    NO_USAGE,
    /** Tool calls arrive without their arguments in the stream (Chat Completions). */
    ARGS_NOT_STREAMED,
    /** The finish reason says "stop" although the model called tools. */
    WRONG_FINISH_REASON
}
