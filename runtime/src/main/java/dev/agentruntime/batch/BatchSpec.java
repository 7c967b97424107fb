package dev.agentruntime.batch;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentruntime.util.HumanDuration;
import java.time.Duration;
import java.util.List;

/**
 * A batch file as the user wrote it (YAML or JSON): one task template over many repositories. Read it with
 * {@link BatchSpecs#load}, which validates it and builds every repository's task up front; see docs/batch.md.
 *
 * @param id          batch id (letters, digits, {@code . _ -}); names the batch directory, the tasks and the branch
 * @param template    a task spec without {@code id} and {@code repo}: what every repository gets
 * @param repos       repositories: a URL/path, or an object with per-repo name and overrides
 * @param reposFile   a file with one repository per line ({@code #} comments), relative to the batch file
 * @param canary      the first N repositories run first and must all succeed before the rest start
 * @param concurrency runs at the same time on this machine
 * @param maxFailures failed or handed-off runs tolerated (cancelled ones do not count); beyond it no new run starts
 * @param publish     open or update a pull request for every finished run
 * @param schedule    a cron hint for Jenkins ({@code triggers { cron(…) }}); the runtime itself does not schedule
 */
public record BatchSpec(String id, ObjectNode template, List<Repo> repos, String reposFile, Integer canary, Integer concurrency,
                        Integer maxFailures, Publish publish, String schedule) {

    /**
     * One repository of the batch.
     *
     * @param repo        git URL or local path
     * @param name        short name (task id suffix, report rows); default: the repository's last path segment
     * @param publishRepo owner/name on the code host; default: {@code publish.repo} with {name} filled in
     * @param overrides   task fields merged over the template for this repository only
     */
    public record Repo(String repo, String name, String publishRepo, ObjectNode overrides) {
        @JsonCreator
        public static Repo of(String repo) {
            return new Repo(repo, null, null, null);
        }
    }

    /**
     * Publishing for every finished run (SUCCEEDED, or HANDED_OFF as a draft), through one throttle for the batch.
     *
     * @param provider    github | gitlab | gitea
     * @param repo        owner/name template on the code host; {name} is the repository's name
     * @param baseUrl     API address for GitHub Enterprise, self-managed GitLab, Gitea
     * @param draft       open pull requests as drafts
     * @param labels      labels for every pull request
     * @param tokenEnv    environment variable holding the token (default AGENT_RUNTIME_PUBLISH_TOKEN)
     * @param minInterval least time between two pull-request operations of the batch (default 1s)
     */
    public record Publish(String provider, String repo, String baseUrl, Boolean draft, List<String> labels, String tokenEnv,
                          @JsonDeserialize(using = HumanDuration.Deserializer.class) Duration minInterval) {}
}
