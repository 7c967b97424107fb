package dev.agentruntime.run;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.agentruntime.demo.DemoScript;
import dev.agentruntime.publish.GitHubPublisher;
import dev.agentruntime.publish.PullRequest;
import dev.agentruntime.publish.RunPublisher;
import dev.agentruntime.rundir.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real run published to a GitHub API served by WireMock: the PR text comes from the run; a second publish updates. */
@Tag("docker")
class PublishRunTest {
    @TempDir
    Path tmp;

    String fixture(WireMockServer api, String name) throws Exception {
        try (var in = getClass().getResourceAsStream("/publish/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("{{API}}", api.baseUrl());
        }
    }

    @Test
    void aSucceededRunIsPublishedOnceAndUpdatedAfterwards() throws Exception {
        WireMockServer api = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        api.start();
        try (Scenario s = new Scenario(tmp, DemoScript.YAML)) {
            Scenario.Outcome o = s.run(s.task(""));
            assertThat(o.state().status()).isEqualTo(Status.SUCCEEDED);
            String pr = fixture(api, "github-pull.json");
            api.stubFor(get(urlPathEqualTo("/repos/acme/calc")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                    .withBody(fixture(api, "github-repository.json"))));
            api.stubFor(get(urlPathEqualTo("/repos/acme/calc/pulls")).inScenario("pr").whenScenarioStateIs("Started")
                    .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("[]")));
            api.stubFor(post(urlPathEqualTo("/repos/acme/calc/pulls")).inScenario("pr").willSetStateTo("opened")
                    .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody(pr)));
            api.stubFor(get(urlPathEqualTo("/repos/acme/calc/pulls")).inScenario("pr").whenScenarioStateIs("opened")
                    .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("[" + pr + "]")));
            api.stubFor(patch(urlPathMatching("/repos/acme/calc/(pulls|issues)/7")).willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(pr)));

            // A pipeline gate decided after the run ended (agentApprove) belongs in the PR's approvals too.
            var approvals = new dev.agentruntime.approval.Approvals(o.dir());
            String gate = approvals.openGate("nightly#3 Ship it?", "Ship it?").id();
            approvals.decide(gate, true, "alice", "branch reviewed");

            GitHubPublisher github = new GitHubPublisher(api.baseUrl(), "t0ken");
            PullRequest first = RunPublisher.publish(o.dir(), github, "acme/calc", false, List.of(), null,
                    "https://ci.example.com/job/x/3/artifact/agent-runtime/" + o.dir().runId() + "/report.html");
            PullRequest second = RunPublisher.publish(o.dir(), github, "acme/calc", false, List.of());
            assertThat(first.created()).isTrue();
            assertThat(second.created()).isFalse();
            api.verify(1, postRequestedFor(urlPathEqualTo("/repos/acme/calc/pulls")).withRequestBody(matchingJsonPath("$.head", containing("agent/fix-calc")))
                    .withRequestBody(matchingJsonPath("$.body", containing("### Verification: passed")))
                    .withRequestBody(matchingJsonPath("$.body", containing(o.dir().runId())))
                    .withRequestBody(matchingJsonPath("$.title", containing("Fix add()")))
                    .withRequestBody(matchingJsonPath("$.body", containing("|  | gate | `Ship it?` | allow | alice | branch reviewed |")))
                    .withRequestBody(matchingJsonPath("$.body", containing("Full report: https://ci.example.com/job/x/3/artifact/agent-runtime/"))));
            assertThat(Files.readString(o.dir().root().resolve("publish.json"))).contains("\"number\" : 7").contains("\"created\" : false");
        } finally {
            api.stop();
        }
    }

    /** The branch is pushed over smart HTTP with the token (basic auth, as code hosts take it); a wrong token is refused. */
    @Test
    void aBranchNotYetPushedIsPushedWithTheTokenOverHttp() throws Exception {
        WireMockServer api = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        api.start();
        try (Scenario s = new Scenario(tmp, DemoScript.YAML)) {
            Scenario.Outcome o = s.run(s.task(""));
            assertThat(o.state().status()).isEqualTo(Status.SUCCEEDED);
            // A second origin, served over HTTP behind a token, that does not have the branch yet.
            Path served = tmp.resolve("served");
            dev.agentruntime.util.Proc.of("git", "clone", "-q", "--bare", s.repo.remote().toString(), served.resolve("calc.git").toString()).run();
            new dev.agentruntime.git.Git(served.resolve("calc.git")).must("drop branch", "branch", "-D", "agent/fix-calc");
            new dev.agentruntime.git.Git(served.resolve("calc.git")).must("allow push", "config", "http.receivepack", "true");
            String pr = fixture(api, "github-pull.json");
            api.stubFor(get(urlPathEqualTo("/repos/acme/calc")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                    .withBody(fixture(api, "github-repository.json"))));
            api.stubFor(get(urlPathEqualTo("/repos/acme/calc/pulls")).willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("[]")));
            api.stubFor(post(urlPathEqualTo("/repos/acme/calc/pulls")).willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody(pr)));
            try (dev.agentruntime.git.GitHttpServer http = new dev.agentruntime.git.GitHttpServer(served, "s3cret-token")) {
                dev.agentruntime.sandbox.DiskVolume.remount(o.dir());
                new dev.agentruntime.git.Git(o.dir().workspace()).must("origin", "remote", "set-url", "origin", http.url("calc.git"));
                dev.agentruntime.sandbox.DiskVolume.unmountAll(o.dir());
                o.dir().writeState(o.dir().readState().withCommit(o.dir().readState().commit(), false));
                GitHubPublisher github = new GitHubPublisher(api.baseUrl(), "t0ken");

                org.assertj.core.api.Assertions.assertThatThrownBy(() -> RunPublisher.publish(o.dir(), github, "acme/calc", false, List.of(), "wrong"))
                        .hasMessageContaining("authentication failed").hasMessageNotContaining("wrong");
                assertThat(new dev.agentruntime.git.Git(served.resolve("calc.git")).run("rev-parse", "--verify", "agent/fix-calc").ok()).isFalse();

                PullRequest opened = RunPublisher.publish(o.dir(), github, "acme/calc", false, List.of(), "s3cret-token");
                assertThat(opened.created()).isTrue();
                assertThat(new dev.agentruntime.git.Git(served.resolve("calc.git")).must("branch", "rev-parse", "agent/fix-calc"))
                        .isEqualTo(o.state().commit());
                assertThat(o.dir().readState().pushed()).isTrue();
            }
        } finally {
            api.stop();
        }
    }
}
