package dev.agentruntime.publish;

import java.util.List;

/**
 * What to open or update: {@code head} is the run's branch, {@code base} the branch it started from.
 *
 * @param repo "owner/name" (GitHub, Gitea) or "group/project" (GitLab)
 */
public record PullRequestSpec(String repo, String head, String base, String title, String body, boolean draft, List<String> labels) {}
