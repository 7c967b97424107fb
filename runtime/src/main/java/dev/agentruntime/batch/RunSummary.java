package dev.agentruntime.batch;

/** What the batch keeps of a finished run: the report row, nothing more. */
public record RunSummary(RepoRecord.Outcome outcome, String branch, String commit, Boolean pushed, String verify, Long tokens,
                         Long durationMs, String reason, String handoff) {}
