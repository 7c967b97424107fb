package dev.agentruntime.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Item;
import hudson.model.Result;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jenkins.model.Jenkins;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.htmlunit.util.NameValuePair;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.support.steps.input.InputAction;
import org.jenkinsci.plugins.workflow.support.steps.input.InputStepExecution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Approvals are input steps: agentApprove's gate and a run's mid-run request each wait in a real {@code input},
 * answered through its REST endpoints (what the stage views and Blue Ocean call), with the answer recorded in the run
 * directory under the user Jenkins knows; a decision made in the run directory (the CLI on the node) ends the input.
 */
@WithJenkins
class InputApprovalTest {
    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @TempDir
    Path tmp;

    /** alice and mallory may read, build and cancel; only alice is named as submitter. */
    private static void security(JenkinsRule r) {
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Item.READ, Item.BUILD, Item.CANCEL).everywhere().to("alice", "mallory"));
    }

    @Test
    void agentApproveWaitsInAnInputAndRecordsItsAnswer(JenkinsRule r) throws Exception {
        try (RuntimeFixture fixture = RuntimeFixture.start(tmp, RuntimeFixture.FIX_SCRIPT)) {
            WorkflowRun b = start(r, "gate", """
                    def res
                    node { res = agentTask(%s) }
                    echo "BY " + agentApprove(run: res.runDir, node: res.node, message: 'Ship it?', submitter: 'alice')
                    """.formatted(fixture.taskArgs("gate")));
            InputStepExecution input = waitForInput(r, b);
            assertThat(input.getInput().getMessage()).isEqualTo("Ship it?");
            assertThat(r.createWebClient().login("alice").goTo(b.getUrl() + "input/").asNormalizedText()).contains("Ship it?");

            assertThat(post(r, "mallory", b.getUrl() + "input/" + input.getId() + "/proceed", "mallory tries")).isNotEqualTo(200);
            assertThat(post(r, "alice", b.getUrl() + "input/" + input.getId() + "/proceed", "branch reviewed")).isEqualTo(200);
            r.assertBuildStatusSuccess(r.waitForCompletion(b));
            r.assertLogContains("BY alice", b);
            Path decision = gateDecision(r, b);
            assertThat(Files.readString(decision)).contains("\"decision\" : \"allow\"", "\"by\" : \"alice\"", "branch reviewed");
        }
    }

    @Test
    void abortingTheInputRecordsADenyAndAbortsTheBuild(JenkinsRule r) throws Exception {
        try (RuntimeFixture fixture = RuntimeFixture.start(tmp, RuntimeFixture.FIX_SCRIPT)) {
            WorkflowRun b = start(r, "deny", """
                    def res
                    node { res = agentTask(%s) }
                    agentApprove(run: res.runDir, node: res.node, message: 'Ship it?', submitter: 'alice')
                    """.formatted(fixture.taskArgs("deny")));
            InputStepExecution input = waitForInput(r, b);
            assertThat(post(r, "alice", b.getUrl() + "input/" + input.getId() + "/abort", null)).isEqualTo(200);
            r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(b));
            assertThat(Files.readString(gateDecision(r, b))).contains("\"decision\" : \"deny\"", "\"by\" : \"alice\"");
        }
    }

    /** With failOnDeny: false a deny is a value (null), so a migration goes on with its other repositories. */
    @Test
    void withFailOnDenyFalseADenyIsReturnedNotThrown(JenkinsRule r) throws Exception {
        try (RuntimeFixture fixture = RuntimeFixture.start(tmp, RuntimeFixture.FIX_SCRIPT)) {
            WorkflowRun b = start(r, "deny-value", """
                    def res
                    node { res = agentTask(%s) }
                    echo "BY " + agentApprove(run: res.runDir, node: res.node, message: 'Ship it?', submitter: 'alice', failOnDeny: false)
                    """.formatted(fixture.taskArgs("deny-value")));
            InputStepExecution input = waitForInput(r, b);
            assertThat(post(r, "alice", b.getUrl() + "input/" + input.getId() + "/abort", null)).isEqualTo(200);
            r.assertBuildStatusSuccess(r.waitForCompletion(b));
            r.assertLogContains("BY null", b);
            assertThat(Files.readString(gateDecision(r, b))).contains("\"decision\" : \"deny\"", "\"by\" : \"alice\"");
        }
    }

    /** agent-runtime approve on the node decides first: the input ends the same way, by itself. */
    @Test
    void aDecisionMadeOnTheNodeSettlesTheInput(JenkinsRule r) throws Exception {
        try (RuntimeFixture fixture = RuntimeFixture.start(tmp, RuntimeFixture.FIX_SCRIPT)) {
            WorkflowRun b = start(r, "cli", """
                    def res
                    node { res = agentTask(%s) }
                    echo "BY " + agentApprove(run: res.runDir, node: res.node, message: 'Ship it?', submitter: 'alice')
                    """.formatted(fixture.taskArgs("cli")));
            waitForInput(r, b);
            AgentRunsAction.Entry run = b.getAction(AgentRunsAction.class).getRuns().get(0);
            String gate = run.getPending().get(0).getId();
            Process approve = new ProcessBuilder("java", "-jar", fixture.jar.toString(), "approve", run.getRunDir(), gate, "--allow",
                    "--as", "bob", "--reason", "checked on the node").redirectErrorStream(true).start();
            assertThat(approve.waitFor()).as(new String(approve.getInputStream().readAllBytes())).isZero();
            r.assertBuildStatusSuccess(r.waitForCompletion(b));
            r.assertLogContains("BY bob", b);
            assertThat(b.getAction(InputAction.class).getExecutions()).isEmpty();
        }
    }

    @Test
    void aMidRunRequestIsAnInputAndTheRunGoesOnWithTheAnswer(JenkinsRule r) throws Exception {
        try (RuntimeFixture fixture = RuntimeFixture.start(tmp, RuntimeFixture.ASKING_SCRIPT)) {
            WorkflowRun b = start(r, "midrun", """
                    node { def res = agentTask(%s, submitter: 'alice'); echo "RESULT ${res.status} ${res.keySet().sort()}" }
                    """.formatted(fixture.taskArgs("midrun")));
            InputStepExecution input = waitForInput(r, b);
            assertThat(input.getInput().getMessage()).contains("Allow the agent to write .github/workflows/ci.yml?");
            assertThat(input.getInput().getSubmitter()).isEqualTo("alice");
            assertThat(post(r, "alice", b.getUrl() + "input/" + input.getId() + "/proceed", "CI change reviewed")).isEqualTo(200);
            r.assertBuildStatusSuccess(r.waitForCompletion(b));
            r.assertLogContains("RESULT SUCCEEDED [branch, commit, node, pushed, reportPath, runDir, runId, status]", b);
            assertThat(fixture.show("agent/midrun", ".github/workflows/ci.yml")).contains("on: push");
            AgentRunsAction.Entry run = b.getAction(AgentRunsAction.class).getRuns().get(0);
            assertThat(Files.readString(Path.of(run.getRunDir(), "approvals", "ap-0001.decision.json")))
                    .contains("\"by\" : \"alice\"", "CI change reviewed");
        }
    }

    /** Deny is the run's business: the agent is told, the run goes on, the build does not fail. */
    @Test
    void denyingAMidRunRequestInTheInputLetsTheRunGoOn(JenkinsRule r) throws Exception {
        try (RuntimeFixture fixture = RuntimeFixture.start(tmp, RuntimeFixture.ASKING_SCRIPT)) {
            WorkflowRun b = start(r, "midrun-deny", """
                    node { def res = agentTask(%s, submitter: 'alice'); echo "RESULT ${res.status}" }
                    """.formatted(fixture.taskArgs("midrun-deny")));
            InputStepExecution input = waitForInput(r, b);
            assertThat(post(r, "alice", b.getUrl() + "input/" + input.getId() + "/abort", null)).isEqualTo(200);
            r.assertBuildStatusSuccess(r.waitForCompletion(b));
            r.assertLogContains("RESULT SUCCEEDED", b);
            AgentRunsAction.Entry run = b.getAction(AgentRunsAction.class).getRuns().get(0);
            assertThat(Files.readString(Path.of(run.getRunDir(), "approvals", "ap-0001.decision.json")))
                    .contains("\"decision\" : \"deny\"", "\"by\" : \"alice\"");
            assertThat(fixture.show("agent/midrun-deny", "calc.py")).contains("return a + b");
        }
    }

    private static WorkflowRun start(JenkinsRule r, String name, String script) throws Exception {
        security(r);
        WorkflowJob p = r.createProject(WorkflowJob.class, name);
        p.setDefinition(new CpsFlowDefinition(script, true));
        return p.scheduleBuild2(0).waitForStart();
    }

    /** The pending input of the build, once it is there. */
    static InputStepExecution waitForInput(JenkinsRule r, WorkflowRun b) throws Exception {
        for (int i = 0; i < 1200; i++) {
            InputAction a = b.getAction(InputAction.class);
            if (a != null && !a.getExecutions().isEmpty()) return a.getExecutions().get(0);
            if (!b.isBuilding()) throw new AssertionError("the build ended without an input:\n" + JenkinsRule.getLog(b));
            Thread.sleep(100);
        }
        throw new AssertionError("no input after 120 s:\n" + JenkinsRule.getLog(b));
    }

    private static Path gateDecision(JenkinsRule r, WorkflowRun b) throws Exception {
        AgentRunsAction.Entry run = b.getAction(AgentRunsAction.class).getRuns().get(0);
        try (var files = Files.list(Path.of(run.getRunDir(), "approvals"))) {
            return files.filter(f -> f.getFileName().toString().matches("gate-.*\\.decision\\.json")).findFirst().orElseThrow();
        }
    }

    /** A POST as {@code user} with a crumb (the input's REST endpoints); returns the status. */
    static int post(JenkinsRule r, String user, String path, String reason) throws Exception {
        JenkinsRule.WebClient wc = r.createWebClient().login(user);
        wc.setThrowExceptionOnFailingStatusCode(false);
        WebRequest req = new WebRequest(new URL(r.getURL(), path), HttpMethod.POST);
        if (reason != null) {
            req.setRequestParameters(List.of(new NameValuePair("json",
                    "{\"parameter\":[{\"name\":\"reason\",\"value\":\"" + reason + "\"}]}")));
        }
        WebResponse res = wc.getPage(wc.addCrumb(req)).getWebResponse();
        return res.getStatusCode();
    }
}
