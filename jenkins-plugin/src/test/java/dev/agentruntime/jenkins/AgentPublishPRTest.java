package dev.agentruntime.jenkins;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.github.tomakehurst.wiremock.WireMockServer;
import hudson.util.Secret;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * agentPublishPR from a pipeline: a verified run opened as a pull request on a GitHub API served by WireMock from
 * recorded shapes (the runtime's publish fixtures); the token from Jenkins credentials reaches the API and never the
 * build log.
 */
@WithJenkins
class AgentPublishPRTest {
    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @TempDir
    Path tmp;

    @Test
    void aVerifiedRunBecomesAPullRequest(JenkinsRule r) throws Exception {
        SystemCredentialsProvider.getInstance().getCredentials().add(
                new StringCredentialsImpl(CredentialsScope.GLOBAL, "gh-token", "GitHub", Secret.fromString("s3cret-t0ken")));
        WireMockServer api = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        api.start();
        try (RuntimeFixture fixture = RuntimeFixture.start(tmp, RuntimeFixture.FIX_SCRIPT)) {
            api.stubFor(get(urlPathEqualTo("/repos/acme/calc")).willReturn(json(fixture(api, "github-repository.json"))));
            api.stubFor(get(urlPathEqualTo("/repos/acme/calc/pulls")).willReturn(json("[]")));
            api.stubFor(post(urlPathEqualTo("/repos/acme/calc/pulls")).willReturn(json(fixture(api, "github-pull.json")).withStatus(201)));

            WorkflowJob p = r.createProject(WorkflowJob.class, "publish");
            p.setDefinition(new CpsFlowDefinition("""
                    node {
                        def res = agentTask(%s)
                        agentPublishPR(run: res.runDir, credentialsId: 'gh-token', provider: 'github', repo: 'acme/calc', baseUrl: '%s')
                    }
                    """.formatted(fixture.taskArgs("fix-calc"), api.baseUrl()), true));
            WorkflowRun b = r.buildAndAssertSuccess(p);

            api.verify(1, postRequestedFor(urlPathEqualTo("/repos/acme/calc/pulls"))
                    .withHeader("Authorization", containing("s3cret-t0ken"))
                    .withRequestBody(matchingJsonPath("$.head", equalTo("agent/fix-calc")))
                    .withRequestBody(matchingJsonPath("$.body", containing("Verification: passed")))
                    // reviewers get the report archived in this build, not a path on the node
                    .withRequestBody(matchingJsonPath("$.body", containing("Full report: " + r.getURL() + b.getUrl() + "artifact/agent-runtime/"))));
            String log = JenkinsRule.getLog(b);
            assertThat(log).contains("publish").doesNotContain("s3cret-t0ken");
        } finally {
            api.stop();
        }
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withHeader("Content-Type", "application/json").withBody(body);
    }

    static String fixture(WireMockServer api, String name) throws Exception {
        try (InputStream in = AgentPublishPRTest.class.getResourceAsStream("/publish/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("{{API}}", api.baseUrl());
        }
    }
}
