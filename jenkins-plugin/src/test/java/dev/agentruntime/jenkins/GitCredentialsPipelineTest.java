package dev.agentruntime.jenkins;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.jenkins.plugins.sshcredentials.impl.BasicSSHUserPrivateKey;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import com.github.tomakehurst.wiremock.WireMockServer;
import hudson.model.Descriptor;
import hudson.model.Result;
import hudson.util.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * agentTask's credentialsId in a real Jenkins on real runs: the task repository is served over HTTP with basic auth
 * (git http-backend) and over SSH with public-key auth (a MINA SSH server running git's pack programs); credentials
 * in the system store — a username/password one that, like a GitHub App credential, mints a new token each time its
 * password is read, and an SSH private key — clone and push the branch. The build log holds no secret, no key file
 * is left behind; an unknown id fails the build naming credentialsId. The same username/password credential given to
 * agentPublishPR is read again when that step runs: a fresh token reaches the code host's API.
 */
@WithJenkins
class GitCredentialsPipelineTest {
    /** Every token {@link MintingCredentials} handed out; the HTTP server accepts exactly these. */
    static final List<String> MINTED = new CopyOnWriteArrayList<>();

    @TempDir
    Path tmp;

    RuntimeFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = RuntimeFixture.start(tmp, RuntimeFixture.FIX_SCRIPT);
        MINTED.clear();
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    /** A username/password credential whose password is a fresh short-lived token per read, as GitHubAppCredentials does. */
    static final class MintingCredentials extends UsernamePasswordCredentialsImpl {
        MintingCredentials(String id) throws Descriptor.FormException {
            super(CredentialsScope.GLOBAL, id, "GitHub App (test)", "x-access-token", "unused");
        }

        @Override
        public Secret getPassword() {
            String token = "ghs_" + System.nanoTime() + "Tk" + MINTED.size();
            MINTED.add(token);
            return Secret.fromString(token);
        }
    }

    @Test
    void aGitHubAppLikeUsernamePasswordCredentialClonesAndPushesOverHttp(JenkinsRule r) throws Exception {
        SystemCredentialsProvider.getInstance().getCredentials().add(new MintingCredentials("git-app"));
        try (GitHttpServer server = new GitHttpServer(fixture.remote.getParent(), "x-access-token", MINTED::contains)) {
            WorkflowRun b = run(r, "git-http", server.url(fixture.remote.getFileName().toString()), "git-app", null);
            r.assertBuildStatusSuccess(b);
            assertThat(fixture.remoteBranches()).contains("agent/git-http");
            assertThat(MINTED).as("the token was read when the runtime was launched").isNotEmpty();
            assertThat(server.refused()).as("the server asked for credentials").isPositive();
            String log = JenkinsRule.getLog(b);
            assertThat(MINTED).noneMatch(log::contains);
        }
    }

    @Test
    void theSameCredentialIsAgentPublishPRsApiTokenReadAfreshWhenItRuns(JenkinsRule r) throws Exception {
        SystemCredentialsProvider.getInstance().getCredentials().add(new MintingCredentials("git-app"));
        WireMockServer api = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        api.start();
        try (GitHttpServer server = new GitHttpServer(fixture.remote.getParent(), "x-access-token", MINTED::contains)) {
            api.stubFor(get(urlPathEqualTo("/repos/acme/calc")).willReturn(AgentPublishPRTest.json(AgentPublishPRTest.fixture(api, "github-repository.json"))));
            api.stubFor(get(urlPathEqualTo("/repos/acme/calc/pulls")).willReturn(AgentPublishPRTest.json("[]")));
            api.stubFor(post(urlPathEqualTo("/repos/acme/calc/pulls"))
                    .willReturn(AgentPublishPRTest.json(AgentPublishPRTest.fixture(api, "github-pull.json")).withStatus(201)));
            String args = fixture.taskArgs("git-app").replaceFirst("repo: '[^']*'", "repo: '" + server.url(fixture.remote.getFileName().toString()) + "'")
                    + ", credentialsId: 'git-app'" + runtimeArg();
            WorkflowJob p = r.createProject(WorkflowJob.class);
            p.setDefinition(new CpsFlowDefinition("node { def res = agentTask(" + args + ", runsDir: 'agent-runs')\n"
                    + "agentPublishPR(run: res.runDir, credentialsId: 'git-app', provider: 'github', repo: 'acme/calc', baseUrl: '" + api.baseUrl() + "'"
                    + runtimeArg() + ") }", true));
            WorkflowRun b = r.buildAndAssertSuccess(p);
            String launched = MINTED.get(0);
            String auth = api.getAllServeEvents().stream().filter(e -> e.getRequest().getMethod().getName().equals("POST"))
                    .map(e -> e.getRequest().getHeader("Authorization")).findFirst().orElseThrow();
            assertThat(MINTED).as("a token minted for the publish").anyMatch(t -> !t.equals(launched) && auth.contains(t));
            String log = JenkinsRule.getLog(b);
            assertThat(MINTED).noneMatch(log::contains);
        } finally {
            api.stop();
        }
    }

    @Test
    void anSshKeyCredentialClonesAndPushesOverSsh(JenkinsRule r) throws Exception {
        Path key = GitSshServer.keyPair(tmp.resolve("keys"), "id", "");
        String keyText = Files.readString(key);
        SystemCredentialsProvider.getInstance().getCredentials().add(new BasicSSHUserPrivateKey(CredentialsScope.GLOBAL, "git-ssh", "git",
                new BasicSSHUserPrivateKey.DirectEntryPrivateKeySource(keyText), null, "deploy key"));
        Set<Path> before = keyDirs();
        try (GitSshServer server = new GitSshServer(fixture.remote.getParent(), Path.of(key + ".pub"), tmp.resolve("sshd"))) {
            WorkflowRun b = run(r, "git-ssh", server.url(fixture.remote.getFileName().toString()), "git-ssh",
                    "AGENT_RUNTIME_GIT_SSH_KNOWN_HOSTS=" + server.knownHosts());
            r.assertBuildStatusSuccess(b);
            assertThat(fixture.remoteBranches()).contains("agent/git-ssh");
            String log = JenkinsRule.getLog(b);
            keyText.lines().filter(l -> l.length() > 20 && !l.startsWith("-----")).forEach(line -> assertThat(log).doesNotContain(line));
        }
        assertThat(keyDirs()).as("the runtime's temporary key directories are gone").isEqualTo(before);
    }

    @Test
    void anUnknownIdFailsTheBuildNamingCredentialsId(JenkinsRule r) throws Exception {
        WorkflowRun b = run(r, "unknown", fixture.remote.toString(), "no-such-id", null);
        r.assertBuildStatus(Result.FAILURE, b);
        assertThat(JenkinsRule.getLog(b)).contains("agentTask: credentialsId 'no-such-id' names no credentials");
    }

    /** agentTask {@code taskId} on the calculator task cloned from {@code repo} with {@code credentialsId}, in withEnv({@code env}). */
    WorkflowRun run(JenkinsRule r, String taskId, String repo, String credentialsId, String env) throws Exception {
        String args = fixture.taskArgs(taskId).replaceFirst("repo: '[^']*'", "repo: '" + repo + "'") + ", credentialsId: '" + credentialsId + "'" + runtimeArg();
        WorkflowJob p = r.createProject(WorkflowJob.class);
        p.setDefinition(new CpsFlowDefinition("node { withEnv([" + (env == null ? "" : "'" + env + "'") + "]) {\n"
                + "def result = agentTask(" + args + ", runsDir: 'agent-runs')\necho \"RESULT ${result.status} ${result.pushed}\" } }", true));
        return p.scheduleBuild2(0).get();
    }

    /**
     * The runtime built in this source tree when there is one (the plugin otherwise carries the runtime jar of the
     * local Maven repository, which may predate the runtime's git credentials).
     */
    static String runtimeArg() throws IOException {
        Path target = Path.of("..", "runtime", "target").toAbsolutePath().normalize();
        if (!Files.isDirectory(target)) return "";
        try (var s = Files.list(target)) {
            return s.filter(f -> f.getFileName().toString().matches("agent-runtime-.*-all\\.jar")).findFirst()
                    .map(jar -> ", runtime: 'java -jar " + jar + "'").orElse("");
        }
    }

    static Set<Path> keyDirs() throws IOException {
        try (var s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("agent-runtime-git-")).collect(Collectors.toSet());
        }
    }
}
