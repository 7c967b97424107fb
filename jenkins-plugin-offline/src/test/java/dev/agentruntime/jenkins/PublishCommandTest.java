package dev.agentruntime.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** agentPublishPR's command line for the runtime's publish command (docs/publish.md). */
class PublishCommandTest {
    @Test
    void fullCommandLine() throws Exception {
        AgentPublishPRStep step = Binder.bind(AgentPublishPRStep.class, Map.of("run", "/runs/20261127-232220-464-2b17ec",
                "provider", "gitlab", "repo", "acme/billing", "baseUrl", "https://gitlab.example.com", "draft", true,
                "labels", "agent,,migration ", "credentialsId", "gl-token"));
        assertThat(step.command(List.of("java", "-jar", "/opt/ar.jar")).argv()).containsExactly("java", "-jar", "/opt/ar.jar",
                "publish", "/runs/20261127-232220-464-2b17ec", "--provider", "gitlab", "--repo", "acme/billing",
                "--base-url", "https://gitlab.example.com", "--draft",
                "--labels", "agent,migration");
    }

    @Test
    void optionalPartsAreLeftOutAndTheTokenIsNeverOnTheCommandLine() throws Exception {
        AgentPublishPRStep step = Binder.bind(AgentPublishPRStep.class, Map.of("run", "r1", "credentialsId", "gh-token"));
        List<String> argv = step.command(List.of("agent-runtime")).argv();
        assertThat(argv).containsExactly("agent-runtime", "publish", "r1", "--provider", "github");
        assertThat(String.join(" ", argv)).doesNotContain("gh-token").doesNotContain(PublishCommand.TOKEN_VARIABLE);
    }

    @Test
    void theArchivedReportIsPassedForReviewers() throws Exception {
        AgentPublishPRStep step = Binder.bind(AgentPublishPRStep.class, Map.of("run", "/runs/r1"));
        assertThat(step.command(List.of("agent-runtime"), "https://ci.example.com/job/m/3/artifact/agent-runtime/r1/report.html").argv())
                .containsSubsequence("--report-url", "https://ci.example.com/job/m/3/artifact/agent-runtime/r1/report.html");
    }

    @Test
    void aRunIsRequired() {
        assertThatThrownBy(() -> new PublishCommand(List.of("agent-runtime"), " ", "github", null, null, false, null, null))
                .hasMessageContaining("run is required");
    }
}
