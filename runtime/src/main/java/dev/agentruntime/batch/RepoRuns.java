package dev.agentruntime.batch;

/** How the batch runs one repository's task. {@link TaskRepoRuns} is the real one; benchmarks stub it. */
public interface RepoRuns {
    /** Runs the item's task as run {@code runId} to its end: creates it, or continues it when it exists (after a crash). */
    RunSummary run(String runId, Batch.Item item);

    /** Asks every run in progress to stop at its next safe point. */
    void cancelAll();
}
