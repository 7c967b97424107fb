package dev.agentruntime.publish;

/**
 * One code host. {@link #openOrUpdate} is idempotent: the open pull request whose head is the run's branch is
 * updated (title, body, labels) instead of a second one being opened — across re-runs and crashes.
 */
public interface Publisher {
    PullRequest openOrUpdate(PullRequestSpec spec);
}
