package dev.agentruntime.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import hudson.model.Result;
import hudson.slaves.DumbSlave;
import hudson.util.Secret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * How the steps behave inside a Pipeline: a timeout's own cause reaches it, the Pipeline's environment reaches the
 * runtime, a node that drops out mid-run is waited for, and agentPublishPR's output is masked.
 */
@WithJenkins
class StepBehaviourTest {
    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @TempDir
    Path tmp;

    /** The timeout step recognises its own abort only if agentTask fails with the cause it was stopped with. */
    @Test
    void aTimeoutAroundAgentTaskCancelsTheRunAndIsReportedAsATimeout(JenkinsRule r) throws Exception {
        try (RuntimeFixture fixture = RuntimeFixture.start(tmp, RuntimeFixture.ASKING_SCRIPT)) {
            WorkflowJob p = r.createProject(WorkflowJob.class, "timeout");
            // The run waits for an approval nobody gives, so only the timeout ends it.
            p.setDefinition(new CpsFlowDefinition(
                    "node { timeout(time: 30, unit: 'SECONDS') { agentTask(%s, runsDir: 'runs') } }".formatted(fixture.taskArgs("timeout")), true));
            WorkflowRun b = r.buildAndAssertStatus(Result.ABORTED, p);
            String log = JenkinsRule.getLog(b);
            assertThat(log).contains("Timeout has been exceeded", "agentTask: stop requested", "ended CANCELLED");
            String runId = AgentTaskPipelineTest.runId(log);
            Path state = Path.of(r.jenkins.getWorkspaceFor(p).getRemote(), "runs", runId, "state.json");
            assertThat(Files.readString(state)).contains("\"CANCELLED\"");
        }
    }

    /** The runtime gets the Pipeline's environment (withEnv, tools), as sh does, not the agent JVM's own. */
    @Test
    void theRuntimeGetsThePipelinesEnvironment(JenkinsRule r) throws Exception {
        try (RuntimeFixture fixture = RuntimeFixture.start(tmp, RuntimeFixture.FIX_SCRIPT)) {
            WorkflowJob p = r.createProject(WorkflowJob.class, "env");
            p.setDefinition(new CpsFlowDefinition("""
                    node {
                        withEnv(['JAVA_TOOL_OPTIONS=-Dagent.runtime.test=from-withEnv']) {
                            def res = agentTask(%s, runsDir: 'runs')
                            echo "RESULT ${res.status} ${res.runId}"
                        }
                    }
                    """.formatted(fixture.taskArgs("env")), true));
            WorkflowRun b = r.buildAndAssertSuccess(p);
            String runId = AgentTaskPipelineTest.runId(JenkinsRule.getLog(b));
            Path launchLog = Path.of(r.jenkins.getWorkspaceFor(p).getRemote(), "runs", ".jenkins", runId, "launch.log");
            assertThat(Files.readString(launchLog)).contains("Picked up JAVA_TOOL_OPTIONS: -Dagent.runtime.test=from-withEnv");
        }
    }

    /** The agent's JVM goes away mid-run (the detached runtime does not); the step waits and finishes when it is back. */
    @Test
    void aNodeThatDropsOutMidRunIsWaitedFor(JenkinsRule r) throws Exception {
        try (RuntimeFixture fixture = RuntimeFixture.start(tmp, RuntimeFixture.FIX_SCRIPT)) {
            DumbSlave agent = r.createOnlineSlave(r.jenkins.getLabel("runtime"));
            WorkflowJob p = r.createProject(WorkflowJob.class, "reconnect");
            p.setDefinition(new CpsFlowDefinition(
                    "node('runtime') { def res = agentTask(%s); echo \"RESULT ${res.status}\" }".formatted(fixture.taskArgs("reconnect")), true));
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            r.waitForMessage("[agent 3] ", b);
            agent.toComputer().disconnect(null).get();
            Thread.sleep(3_000);
            agent.toComputer().connect(false).get();
            r.waitOnline(agent);
            r.assertBuildStatusSuccess(r.waitForCompletion(b));
            String log = JenkinsRule.getLog(b);
            assertThat(log).contains("RESULT SUCCEEDED");
            AgentTaskPipelineTest.assertEveryEventOnce(log);
        }
    }

    /** Whatever the publish command prints, the token never reaches the build log, in any encoding. */
    @Test
    void agentPublishPRMasksTheTokenInItsOutput(JenkinsRule r) throws Exception {
        String token = "s3cret-t0ken-value";
        SystemCredentialsProvider.getInstance().getCredentials().add(
                new StringCredentialsImpl(CredentialsScope.GLOBAL, "gh-token", "GitHub", Secret.fromString(token)));
        WorkflowJob p = r.createProject(WorkflowJob.class, "publish-output");
        p.setDefinition(new CpsFlowDefinition("""
                node {
                    writeFile file: 'chatty-runtime.sh', text: 'echo "token=$AGENT_RUNTIME_PUBLISH_TOKEN"; printf %%s "$AGENT_RUNTIME_PUBLISH_TOKEN" | base64; echo "args: $*"'
                    agentPublishPR(run: '/runs/r1', credentialsId: 'gh-token', repo: 'acme/calc', runtime: 'sh chatty-runtime.sh')
                }
                """, true));
        WorkflowRun b = r.buildAndAssertSuccess(p);
        String log = JenkinsRule.getLog(b);
        assertThat(log).contains("token=****", "args: publish /runs/r1 --provider github --repo acme/calc")
                .doesNotContain(token).doesNotContain(Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)));
    }
}
