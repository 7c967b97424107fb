package dev.agentruntime.batch;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * batches/&lt;id&gt;/repos/&lt;index&gt;-&lt;name&gt;.json: one repository's progress and outcome in the batch. Replaced
 * atomically on every change; the batch controller keeps nothing else about finished repositories in memory.
 *
 * @param outcome  PENDING, RUNNING, then the run's final status, or SKIPPED when the batch stopped before it
 * @param runId    the run once created: a resumed batch continues this run, never starts a second one
 * @param verify   passed | failed | not run
 * @param tokens   model tokens of the run (input + output)
 * @param prNumber pull request, once published; publishError when publishing failed
 * @param handoff  why the run stopped and what it left, for HANDED_OFF and FAILED runs
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RepoRecord(int index, String name, String repo, String taskId, Outcome outcome, String runId, String branch,
                         String commit, Boolean pushed, String verify, Long tokens, Long durationMs, String reason, String handoff,
                         Long prNumber, String prUrl, String publishError, Instant startedAt, Instant finishedAt) {

    /** Where a repository stands in the batch. */
    public enum Outcome {
        PENDING, RUNNING, SUCCEEDED, FAILED, HANDED_OFF, CANCELLED, SKIPPED;

        public boolean isFinal() {
            return this == SUCCEEDED || this == FAILED || this == HANDED_OFF || this == CANCELLED;
        }
    }

    static RepoRecord pending(Batch.Item item) {
        return new RepoRecord(item.index(), item.name(), item.repo(), item.task().id(), Outcome.PENDING, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null);
    }

    RepoRecord started(String run, Instant at) {
        return new RepoRecord(index, name, repo, taskId, Outcome.RUNNING, run, branch, commit, pushed, verify, tokens, durationMs, null,
                null, prNumber, prUrl, publishError, startedAt != null ? startedAt : at, null);
    }

    RepoRecord ended(RunSummary s, Instant at) {
        return new RepoRecord(index, name, repo, taskId, s.outcome(), runId, s.branch(), s.commit(), s.pushed(), s.verify(), s.tokens(),
                s.durationMs(), s.reason(), s.handoff(), prNumber, prUrl, publishError, startedAt, at);
    }

    RepoRecord skipped(String why) {
        return new RepoRecord(index, name, repo, taskId, Outcome.SKIPPED, runId, branch, commit, pushed, verify, tokens, durationMs, why,
                handoff, prNumber, prUrl, publishError, startedAt, finishedAt);
    }

    RepoRecord published(long number, String url) {
        return new RepoRecord(index, name, repo, taskId, outcome, runId, branch, commit, pushed, verify, tokens, durationMs, reason, handoff,
                number, url, null, startedAt, finishedAt);
    }

    RepoRecord publishFailed(String error) {
        return new RepoRecord(index, name, repo, taskId, outcome, runId, branch, commit, pushed, verify, tokens, durationMs, reason, handoff,
                prNumber, prUrl, error, startedAt, finishedAt);
    }

    boolean publishable() {
        return (outcome == Outcome.SUCCEEDED || outcome == Outcome.HANDED_OFF) && prNumber == null;
    }

    String fileName() {
        return "%04d-%s.json".formatted(index, name);
    }
}
