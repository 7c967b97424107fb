package dev.agentruntime.publish;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The publishers against WireMock servers answering with the providers' documented shapes (fixtures in
 * src/test/resources/publish, each naming its doc): the exact requests, a second publish updating instead of
 * creating, and clear messages for 401/403/404/422 and rate limits.
 */
class PublishersTest {
    static final String TOKEN = "tok-" + System.nanoTime();
    WireMockServer api;

    @BeforeEach
    void start() {
        api = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        api.start();
    }

    @AfterEach
    void stop() {
        api.stop();
    }

    String fixture(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/publish/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("{{API}}", api.baseUrl());
        }
    }

    PullRequestSpec spec(boolean draft, List<String> labels) {
        return new PullRequestSpec("acme/calc", "agent/fix-calc", "main", "Fix add()", "the body", draft, labels);
    }

    @Test
    void githubOpensADraftThenUpdatesTheSamePullRequest() throws Exception {
        api.stubFor(get(urlPathEqualTo("/repos/acme/calc")).willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(fixture("github-repository.json"))));
        api.stubFor(get(urlPathEqualTo("/repos/acme/calc/pulls")).inScenario("pr").whenScenarioStateIs("Started")
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("[]")));
        api.stubFor(post(urlPathEqualTo("/repos/acme/calc/pulls")).inScenario("pr").willSetStateTo("opened")
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody(fixture("github-pull.json"))));
        api.stubFor(get(urlPathEqualTo("/repos/acme/calc/pulls")).inScenario("pr").whenScenarioStateIs("opened")
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("[" + fixture("github-pull.json") + "]")));
        api.stubFor(patch(urlPathMatching("/repos/acme/calc/(pulls|issues)/7"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(fixture("github-pull.json"))));
        api.stubFor(post(urlPathEqualTo("/repos/acme/calc/issues/7/labels"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("[{\"name\":\"agent\"}]")));

        GitHubPublisher gh = new GitHubPublisher(api.baseUrl(), TOKEN);
        PullRequest first = gh.openOrUpdate(spec(true, List.of("agent")));
        assertThat(first.created()).isTrue();
        assertThat(first.number()).isEqualTo(7);
        assertThat(first.url()).isEqualTo("https://github.com/acme/calc/pull/7");
        api.verify(postRequestedFor(urlPathEqualTo("/repos/acme/calc/pulls"))
                .withHeader("Authorization", equalTo("token " + TOKEN))
                .withRequestBody(matchingJsonPath("$.head", equalTo("agent/fix-calc")))
                .withRequestBody(matchingJsonPath("$.base", equalTo("main")))
                .withRequestBody(matchingJsonPath("$.title", equalTo("Fix add()")))
                .withRequestBody(matchingJsonPath("$.body", equalTo("the body")))
                .withRequestBody(matchingJsonPath("$.draft", equalTo("true"))));
        api.verify(getRequestedFor(urlPathEqualTo("/repos/acme/calc/pulls")).withQueryParam("state", equalTo("open"))
                .withQueryParam("head", equalTo("acme:agent/fix-calc")));

        PullRequest second = gh.openOrUpdate(spec(true, List.of("agent")));
        assertThat(second.created()).isFalse();
        assertThat(second.number()).isEqualTo(7);
        api.verify(1, postRequestedFor(urlPathEqualTo("/repos/acme/calc/pulls"))); // never a second pull request
        api.verify(patchRequestedFor(urlPathMatching("/repos/acme/calc/(pulls|issues)/7")).withRequestBody(matchingJsonPath("$.title")));
        api.verify(2, postRequestedFor(urlPathEqualTo("/repos/acme/calc/issues/7/labels")));
    }

    @Test
    void githubErrorsSayWhatToFix() throws Exception {
        api.stubFor(get(urlPathEqualTo("/repos/acme/calc")).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"Bad credentials\",\"documentation_url\":\"https://docs.github.com/rest\"}")));
        assertThatThrownBy(() -> new GitHubPublisher(api.baseUrl(), TOKEN).openOrUpdate(spec(false, List.of())))
                .isInstanceOf(PublishException.class).hasMessageContaining("rejected the token (401)").hasMessageContaining("Bad credentials");
        api.resetAll();
        api.stubFor(get(urlPathEqualTo("/repos/acme/calc")).willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"Not Found\"}")));
        assertThatThrownBy(() -> new GitHubPublisher(api.baseUrl(), TOKEN).openOrUpdate(spec(false, List.of())))
                .isInstanceOf(PublishException.class).hasMessageContaining("404").hasMessageContaining("check --repo");
        api.resetAll();
        api.stubFor(get(urlPathEqualTo("/repos/acme/calc")).willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(fixture("github-repository.json"))));
        api.stubFor(get(urlPathEqualTo("/repos/acme/calc/pulls")).willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("[]")));
        api.stubFor(post(urlPathEqualTo("/repos/acme/calc/pulls")).willReturn(aResponse().withStatus(422).withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":\"PullRequest\",\"code\":\"custom\",\"message\":\"No commits between main and agent/fix-calc\"}]}")));
        assertThatThrownBy(() -> new GitHubPublisher(api.baseUrl(), TOKEN).openOrUpdate(spec(false, List.of())))
                .isInstanceOf(PublishException.class).hasMessageContaining("422");
    }

    @Test
    void giteaOpensThenUpdatesLabelsByIdAndWaitsOutARateLimit() throws Exception {
        api.stubFor(get(urlPathEqualTo("/api/v1/repos/acme/calc/pulls")).inScenario("pr").whenScenarioStateIs("Started")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")).willSetStateTo("limited"));
        api.stubFor(get(urlPathEqualTo("/api/v1/repos/acme/calc/pulls")).inScenario("pr").whenScenarioStateIs("limited")
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("[]")));
        api.stubFor(post(urlPathEqualTo("/api/v1/repos/acme/calc/pulls")).inScenario("pr").willSetStateTo("opened")
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody(fixture("gitea-pull.json"))));
        api.stubFor(get(urlPathEqualTo("/api/v1/repos/acme/calc/pulls")).inScenario("pr").whenScenarioStateIs("opened")
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("[" + fixture("gitea-pull.json") + "]")));
        api.stubFor(patch(urlPathEqualTo("/api/v1/repos/acme/calc/pulls/3"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(fixture("gitea-pull.json"))));
        api.stubFor(get(urlPathEqualTo("/api/v1/repos/acme/calc/labels"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(fixture("gitea-labels.json"))));
        api.stubFor(post(urlPathEqualTo("/api/v1/repos/acme/calc/issues/3/labels")).willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("[]")));

        GiteaPublisher gitea = new GiteaPublisher(api.baseUrl(), TOKEN);
        PullRequest first = gitea.openOrUpdate(spec(true, List.of("migration")));
        assertThat(first.created()).isTrue();
        assertThat(first.number()).isEqualTo(3);
        api.verify(postRequestedFor(urlPathEqualTo("/api/v1/repos/acme/calc/pulls")).withHeader("Authorization", equalTo("token " + TOKEN))
                .withRequestBody(equalToJson("{\"title\":\"WIP: Fix add()\",\"body\":\"the body\",\"head\":\"agent/fix-calc\",\"base\":\"main\"}")));
        api.verify(postRequestedFor(urlPathEqualTo("/api/v1/repos/acme/calc/issues/3/labels")).withRequestBody(equalToJson("{\"labels\":[6]}")));

        PullRequest second = gitea.openOrUpdate(spec(true, List.of()));
        assertThat(second.created()).isFalse();
        api.verify(1, postRequestedFor(urlPathEqualTo("/api/v1/repos/acme/calc/pulls")));
        api.verify(patchRequestedFor(urlPathEqualTo("/api/v1/repos/acme/calc/pulls/3")).withRequestBody(matchingJsonPath("$.title", equalTo("WIP: Fix add()"))));
    }

    @Test
    void giteaErrorsSayWhatToFix() {
        api.stubFor(get(urlMatching("/api/v1/repos/acme/calc/pulls.*")).willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"token does not have at least one of required scope(s): [write:repository]\"}")));
        assertThatThrownBy(() -> new GiteaPublisher(api.baseUrl(), TOKEN).openOrUpdate(spec(false, List.of())))
                .isInstanceOf(PublishException.class).hasMessageContaining("refused (403)").hasMessageContaining("write:repository")
                .hasMessageContaining("needs write access");
    }

    @Test
    void gitlabOpensADraftThenUpdatesTheSameMergeRequest() throws Exception {
        String mrs = "/api/v4/projects/acme(%2F|/)calc/merge_requests";
        api.stubFor(get(urlPathMatching(mrs)).inScenario("mr").whenScenarioStateIs("Started")
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("[]")));
        api.stubFor(post(urlPathMatching(mrs)).inScenario("mr").willSetStateTo("opened")
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody(fixture("gitlab-mr.json"))));
        api.stubFor(get(urlPathMatching(mrs)).inScenario("mr").whenScenarioStateIs("opened")
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("[" + fixture("gitlab-mr.json") + "]")));
        api.stubFor(com.github.tomakehurst.wiremock.client.WireMock.put(urlPathMatching(mrs + "/5"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(fixture("gitlab-mr.json"))));

        GitLabPublisher gitlab = new GitLabPublisher(api.baseUrl(), TOKEN);
        PullRequest first = gitlab.openOrUpdate(spec(true, List.of("agent")));
        assertThat(first.created()).isTrue();
        assertThat(first.number()).isEqualTo(5);
        assertThat(first.url()).isEqualTo("https://gitlab.example.com/acme/calc/-/merge_requests/5");
        api.verify(getRequestedFor(urlPathMatching(mrs)).withHeader("PRIVATE-TOKEN", equalTo(TOKEN))
                .withQueryParam("state", equalTo("opened")).withQueryParam("source_branch", equalTo("agent/fix-calc")));
        api.verify(postRequestedFor(urlPathMatching(mrs)).withHeader("PRIVATE-TOKEN", equalTo(TOKEN))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("source_branch=agent%2Ffix-calc"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("target_branch=main"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("title=Draft%3A+Fix+add%28%29"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("labels=agent")));

        PullRequest second = gitlab.openOrUpdate(spec(true, List.of()));
        assertThat(second.created()).isFalse();
        api.verify(1, postRequestedFor(urlPathMatching(mrs)));
        api.verify(com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor(urlPathMatching(mrs + "/5")));
    }

    @Test
    void gitlabErrorsSayWhatToFix() {
        api.stubFor(get(urlPathMatching("/api/v4/projects/.*/merge_requests")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody("{\"message\":\"401 Unauthorized\"}")));
        assertThatThrownBy(() -> new GitLabPublisher(api.baseUrl(), TOKEN).openOrUpdate(spec(false, List.of())))
                .isInstanceOf(PublishException.class).hasMessageContaining("rejected the token (401)");
    }
}
