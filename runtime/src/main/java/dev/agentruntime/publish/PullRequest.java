package dev.agentruntime.publish;

/** The pull (merge) request as the provider has it after a publish. */
public record PullRequest(long number, String url, boolean created) {}
