package dev.agentruntime.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import java.nio.file.Path;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/**
 * A controller restart while an agentTask with credentialsId runs: the detached runtime keeps the credentials it was
 * launched with (its environment) and pushes; the step, which persisted only the id, masks them again after the
 * restart and the build log never shows the password.
 */
class GitCredentialsRestartTest {
    @RegisterExtension
    final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @TempDir
    Path tmp;

    @Test
    void theRunPushesAfterARestartAndTheLogHoldsNoPassword() throws Throwable {
        String password = "restart-pw-" + System.nanoTime();
        try (RuntimeFixture fixture = RuntimeFixture.start(tmp, RuntimeFixture.FIX_SCRIPT);
             GitHttpServer server = new GitHttpServer(fixture.remote.getParent(), "alice", password::equals)) {
            sessions.then(r -> {
                SystemCredentialsProvider.getInstance().getCredentials().add(
                        new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, "git-http", "git", "alice", password));
                SystemCredentialsProvider.getInstance().save();
                String args = fixture.taskArgs("git-restart").replaceFirst("repo: '[^']*'", "repo: '" + server.url(fixture.remote.getFileName().toString()) + "'")
                        + ", credentialsId: 'git-http'" + GitCredentialsPipelineTest.runtimeArg();
                WorkflowJob p = r.createProject(WorkflowJob.class, "git-restart");
                p.setDefinition(new CpsFlowDefinition("node { def res = agentTask(" + args + ")\necho \"RESULT ${res.status} ${res.pushed}\" }", true));
                WorkflowRun b = p.scheduleBuild2(0).waitForStart();
                r.waitForMessage("[agent 2] ", b); // mid-run: cloned with the credentials, the agent is working
            });
            sessions.then(r -> {
                WorkflowRun b = r.jenkins.getItemByFullName("git-restart", WorkflowJob.class).getBuildByNumber(1);
                r.assertBuildStatusSuccess(r.waitForCompletion(b));
                String log = JenkinsRule.getLog(b);
                assertThat(log).contains("RESULT SUCCEEDED true").doesNotContain(password);
                assertThat(fixture.remoteBranches()).contains("agent/git-restart");
            });
        }
    }
}
