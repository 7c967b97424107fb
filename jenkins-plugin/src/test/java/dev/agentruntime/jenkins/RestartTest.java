package dev.agentruntime.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/**
 * A controller restart while agentTask runs, while a mid-run approval waits and while agentApprove's input waits:
 * the detached run goes on, the step picks up its events where it left off (each shown once), and the pending
 * approval is still decidable — on the build page and through the input's own REST endpoints. A restart of JenkinsSessionExtension is the graceful one (the controller saves and stops, as on SIGTERM).
 */
class RestartTest {
    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @RegisterExtension
    final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @TempDir
    Path tmp;

    @Test
    void agentTaskFinishesAfterARestartShowingEveryEventOnce() throws Throwable {
        try (RuntimeFixture fixture = RuntimeFixture.start(tmp, RuntimeFixture.FIX_SCRIPT)) {
            sessions.then(r -> {
                WorkflowJob p = r.createProject(WorkflowJob.class, "restart");
                p.setDefinition(new CpsFlowDefinition("node { def res = agentTask(%s, secrets: ''); echo \"RESULT ${res.status}\" }"
                        .formatted(fixture.taskArgs("restart")), true));
                WorkflowRun b = p.scheduleBuild2(0).waitForStart();
                r.waitForMessage("[agent 3] ", b); // mid-run: the sandbox exists, the agent is working
            });
            sessions.then(r -> {
                WorkflowRun b = r.jenkins.getItemByFullName("restart", WorkflowJob.class).getBuildByNumber(1);
                r.assertBuildStatusSuccess(r.waitForCompletion(b));
                String log = JenkinsRule.getLog(b);
                assertThat(log).contains("RESULT SUCCEEDED").doesNotContain("NullPointerException");
                AgentTaskPipelineTest.assertEveryEventOnce(log);
                assertThat(b.getAction(AgentRunsAction.class).getRuns()).singleElement()
                        .extracting(AgentRunsAction.Entry::getStatus).isEqualTo("SUCCEEDED");
            });
        }
    }

    @Test
    void aPendingApprovalIsStillDecidableAfterARestart() throws Throwable {
        try (RuntimeFixture fixture = RuntimeFixture.start(tmp, RuntimeFixture.ASKING_SCRIPT)) {
            sessions.then(r -> {
                r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
                r.jenkins.setAuthorizationStrategy(new org.jvnet.hudson.test.MockAuthorizationStrategy()
                        .grant(jenkins.model.Jenkins.READ, hudson.model.Item.READ).everywhere().to("alice"));
                WorkflowJob p = r.createProject(WorkflowJob.class, "approval");
                p.setDefinition(new CpsFlowDefinition("node { def res = agentTask(%s, submitter: 'alice'); echo \"RESULT ${res.status}\" }"
                        .formatted(fixture.taskArgs("approval")), true));
                WorkflowRun b = p.scheduleBuild2(0).waitForStart();
                r.waitForMessage("APPROVAL NEEDED ap-0001", b);
            });
            sessions.then(r -> {
                WorkflowRun b = r.jenkins.getItemByFullName("approval", WorkflowJob.class).getBuildByNumber(1);
                JenkinsRule.WebClient wc = r.createWebClient().login("alice");
                HtmlPage page = wc.getPage(b, "agentRuns/");
                assertThat(page.asNormalizedText()).contains("Approval needed: ap-0001", ".github/workflows/ci.yml");
                HtmlForm form = page.getFormByName("decide-" + AgentTaskPipelineTest.runId(JenkinsRule.getLog(b)) + "-ap-0001");
                assertThat(form.getInputByName("reason").getAttribute("placeholder")).isEqualTo("Reason, recorded with the decision");
                form.getInputByName("reason").setValue("CI change reviewed");
                assertThat(page.asNormalizedText()).contains("write .github/workflows/ci.yml — CI configuration");
                ((org.htmlunit.html.HtmlButton) form.getFirstByXPath(".//button[@value='allow']")).click(); // f:form carries the crumb
                r.assertBuildStatusSuccess(r.waitForCompletion(b));
                String log = JenkinsRule.getLog(b);
                assertThat(log).contains("RESULT SUCCEEDED");
                assertThat(log.split("APPROVAL NEEDED ap-0001", -1)).as("announced once, also across the restart").hasSize(2);
                AgentTaskPipelineTest.assertEveryEventOnce(log);
                assertThat(fixture.show("agent/approval", ".github/workflows/ci.yml")).contains("on: push");
            });
        }
    }

    /** agentApprove's input survives a restart: still listed by /input/, answered by the submitter, recorded as theirs. */
    @Test
    void anApprovalInputIsStillDecidableAfterARestart() throws Throwable {
        try (RuntimeFixture fixture = RuntimeFixture.start(tmp, RuntimeFixture.FIX_SCRIPT)) {
            sessions.then(r -> {
                r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
                r.jenkins.setAuthorizationStrategy(new org.jvnet.hudson.test.MockAuthorizationStrategy()
                        .grant(jenkins.model.Jenkins.READ, hudson.model.Item.READ, hudson.model.Item.BUILD).everywhere().to("alice", "mallory"));
                WorkflowJob p = r.createProject(WorkflowJob.class, "gate");
                p.setDefinition(new CpsFlowDefinition("""
                        def res
                        node { res = agentTask(%s) }
                        echo "BY " + agentApprove(run: res.runDir, node: res.node, message: 'Ship it?', submitter: 'alice')
                        """.formatted(fixture.taskArgs("gate")), true));
                WorkflowRun b = p.scheduleBuild2(0).waitForStart();
                InputApprovalTest.waitForInput(r, b);
            });
            sessions.then(r -> {
                WorkflowRun b = r.jenkins.getItemByFullName("gate", WorkflowJob.class).getBuildByNumber(1);
                var input = InputApprovalTest.waitForInput(r, b);
                assertThat(input.getInput().getMessage()).isEqualTo("Ship it?");
                assertThat(r.createWebClient().login("alice").goTo(b.getUrl() + "input/").asNormalizedText()).contains("Ship it?");
                assertThat(InputApprovalTest.post(r, "mallory", b.getUrl() + "input/" + input.getId() + "/proceed", "no")).isNotEqualTo(200);
                assertThat(InputApprovalTest.post(r, "alice", b.getUrl() + "input/" + input.getId() + "/proceed", "reviewed after the restart"))
                        .isEqualTo(200);
                r.assertBuildStatusSuccess(r.waitForCompletion(b));
                r.assertLogContains("BY alice", b);
                AgentRunsAction.Entry run = b.getAction(AgentRunsAction.class).getRuns().get(0);
                try (var files = java.nio.file.Files.list(Path.of(run.getRunDir(), "approvals"))) {
                    Path decision = files.filter(f -> f.getFileName().toString().matches("gate-.*\\.decision\\.json")).findFirst().orElseThrow();
                    assertThat(java.nio.file.Files.readString(decision)).contains("\"by\" : \"alice\"", "reviewed after the restart");
                }
                assertThat(run.getPending()).isEmpty();
            });
        }
    }
}
