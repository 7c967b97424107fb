package dev.agentruntime.batch;

import dev.agentruntime.task.TaskSpec;
import java.util.List;

/**
 * A validated batch: every repository's task is built and checked before anything starts.
 *
 * @param source the batch file's text, kept in the batch directory so {@code batch resume} rebuilds the same tasks
 * @param baseDir where relative repository paths and the repos file are resolved
 */
public record Batch(String id, String source, String baseDir, int canary, int concurrency, Integer maxFailures,
                    BatchSpec.Publish publish, String schedule, List<Item> items) {

    /** One repository's place in the batch: its position, name, task and where its pull request goes. */
    public record Item(int index, String name, String repo, String publishRepo, TaskSpec task) {}
}
