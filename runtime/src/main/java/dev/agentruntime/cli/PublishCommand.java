package dev.agentruntime.cli;

import dev.agentruntime.publish.PullRequest;
import dev.agentruntime.publish.Publisher;
import dev.agentruntime.publish.Publishers;
import dev.agentruntime.publish.RunPublisher;
import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.common.BadInputException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "publish", description = "Push a finished run's branch if needed and open or update its pull request.")
final class PublishCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN", description = "Run id, unique id prefix, or run directory.")
    String run;

    @Mixin
    RunsDirOption runsDir;

    @Option(names = "--provider", required = true, description = "github | gitlab | gitea")
    String provider;

    @Option(names = "--repo", required = true, description = "owner/name on the code host")
    String repo;

    @Option(names = "--base-url", description = "GitHub Enterprise https://host/api/v3, GitLab https://host (default gitlab.com), Gitea https://host (required)")
    String baseUrl;

    @Option(names = "--draft", description = "Open as a draft (handed-off runs always are).")
    boolean draft;

    @Option(names = "--labels", description = "Comma-separated labels.")
    String labels;

    @Option(names = "--report-url", description = "Where reviewers find the run's report.html (e.g. the Jenkins artifact URL); default: its path in the run directory.")
    String reportUrl;

    @Option(names = "--token-env", defaultValue = "AGENT_RUNTIME_PUBLISH_TOKEN",
            description = "Environment variable holding the token (never on the command line). Default: ${DEFAULT-VALUE}")
    String tokenEnv;

    @Override
    public Integer call() {
        String token = System.getenv(tokenEnv);
        if (token == null || token.isBlank()) throw new BadInputException("--token-env", "environment variable " + tokenEnv + " is not set; export the code host token there");
        if (!repo.matches("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+")) throw new BadInputException("--repo", "\"" + repo + "\" is not owner/name (GitLab: group/subgroup/project)");
        Publisher p = Publishers.create(provider, baseUrl, token, "--provider", "--base-url");
        RunDirectory dir = runsDir.runs().find(run);
        List<String> labelList = labels == null ? List.of() : Arrays.stream(labels.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        PullRequest pr = RunPublisher.publish(dir, p, repo, draft, labelList, token, reportUrl);
        System.out.println((pr.created() ? "opened " : "updated ") + "#" + pr.number() + " " + pr.url());
        return Main.OK;
    }
}
