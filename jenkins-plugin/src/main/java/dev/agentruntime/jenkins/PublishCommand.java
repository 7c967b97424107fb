package dev.agentruntime.jenkins;

import java.util.ArrayList;
import java.util.List;

/**
 * The command line agentPublishPR runs on the node: {@code agent-runtime publish RUN --provider P --repo R [--draft]
 * [--labels a,b]}. The push/PR token is passed in the environment variable {@link #TOKEN_VARIABLE}, never on the
 * command line.
 */
public record PublishCommand(List<String> runtime, String run, String provider, String repo, String baseUrl, boolean draft, List<String> labels,
                             String reportUrl) {
    public static final String TOKEN_VARIABLE = "AGENT_RUNTIME_PUBLISH_TOKEN";

    public PublishCommand {
        runtime = List.copyOf(runtime);
        labels = labels == null ? List.of() : labels.stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (run == null || run.isBlank()) throw new IllegalArgumentException("agentPublishPR: run is required (agentTask's result.runDir)");
    }

    public List<String> argv() {
        List<String> argv = new ArrayList<>(runtime);
        argv.addAll(List.of("publish", run));
        if (provider != null && !provider.isBlank()) argv.addAll(List.of("--provider", provider.strip()));
        if (repo != null && !repo.isBlank()) argv.addAll(List.of("--repo", repo.strip()));
        if (baseUrl != null && !baseUrl.isBlank()) argv.addAll(List.of("--base-url", baseUrl.strip()));
        if (draft) argv.add("--draft");
        if (!labels.isEmpty()) argv.addAll(List.of("--labels", String.join(",", labels)));
        if (reportUrl != null) argv.addAll(List.of("--report-url", reportUrl));
        return argv;
    }
}
