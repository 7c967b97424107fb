package dev.agentruntime.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Item;
import java.net.URL;
import java.nio.file.Path;
import jenkins.model.Jenkins;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebRequest;
import org.htmlunit.util.NameValuePair;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Who may decide on the build page, with the input step's rules: a POST with a crumb; users named in submitter
 * (case-insensitively, the default realm's id strategy), members of a named group, administrators; anyone who may
 * build when submitter is empty; a deny by anyone who may cancel. Everyone else gets 403 and nothing is recorded.
 */
@WithJenkins
class ApprovalPermissionsTest {
    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @TempDir
    Path tmp;

    @Test
    void gatesAreDecidedByTheInputStepsRules(JenkinsRule r) throws Exception {
        JenkinsRule.DummySecurityRealm realm = r.createDummySecurityRealm();
        realm.addGroups("carol", "reviewers");
        r.jenkins.setSecurityRealm(realm);
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to("admin")
                .grant(Jenkins.READ, Item.READ).everywhere().to("alice", "carol", "mallory", "dave", "erin")
                .grant(Item.BUILD).everywhere().to("dave")
                .grant(Item.CANCEL).everywhere().to("erin"));
        try (RuntimeFixture fixture = RuntimeFixture.start(tmp, RuntimeFixture.FIX_SCRIPT)) {
            WorkflowJob p = r.createProject(WorkflowJob.class, "gates");
            p.setDefinition(new CpsFlowDefinition("""
                    def res
                    node { res = agentTask(%s) }
                    echo "BY " + agentApprove(run: res.runDir, node: res.node, message: 'one', submitter: 'ALICE, bob')
                    echo "BY " + agentApprove(run: res.runDir, node: res.node, message: 'two', submitter: 'reviewers')
                    echo "BY " + agentApprove(run: res.runDir, node: res.node, message: 'three', submitter: 'bob')
                    echo "BY " + agentApprove(run: res.runDir, node: res.node, message: 'four')
                    agentApprove(run: res.runDir, node: res.node, message: 'five', submitter: 'bob')
                    """.formatted(fixture.taskArgs("gates")), true));
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            String runId;

            r.waitForMessage("waiting at gate gate-gates-1-one", b);
            runId = AgentTaskPipelineTest.runId(JenkinsRule.getLog(b));
            // only a request this run has pending: never a path into another run's approvals/
            assertThat(decide(r, b, "admin", runId, "../../../other/approvals/gate-gates-1-one", "allow")).isEqualTo(404);
            assertThat(decide(r, b, "admin", runId, "gate-never-asked", "allow")).isEqualTo(404);
            assertThat(decide(r, b, "mallory", runId, "gate-gates-1-one", "allow")).isEqualTo(403);
            assertThat(decide(r, b, "dave", runId, "gate-gates-1-one", "allow")).as("may build, but not named").isEqualTo(403);
            assertThat(decide(r, b, "alice", runId, "gate-gates-1-one", "allow")).isEqualTo(200);
            r.waitForMessage("BY alice", b);

            r.waitForMessage("waiting at gate gate-gates-1-two", b);
            assertThat(decide(r, b, "alice", runId, "gate-gates-1-two", "allow")).isEqualTo(403);
            assertThat(decide(r, b, "carol", runId, "gate-gates-1-two", "allow")).as("a member of reviewers").isEqualTo(200);
            r.waitForMessage("BY carol", b);

            r.waitForMessage("waiting at gate gate-gates-1-three", b);
            assertThat(decide(r, b, "admin", runId, "gate-gates-1-three", "allow")).isEqualTo(200);
            r.waitForMessage("BY admin", b);

            r.waitForMessage("waiting at gate gate-gates-1-four", b);
            assertThat(decide(r, b, "mallory", runId, "gate-gates-1-four", "allow")).isEqualTo(403);
            assertThat(decide(r, b, "dave", runId, "gate-gates-1-four", "allow")).as("no submitter: who may build").isEqualTo(200);
            r.waitForMessage("BY dave", b);

            r.waitForMessage("waiting at gate gate-gates-1-five", b);
            assertThat(decide(r, b, "erin", runId, "gate-gates-1-five", "allow")).isEqualTo(403);
            assertThat(decide(r, b, "erin", runId, "gate-gates-1-five", "deny")).as("who may cancel may deny").isEqualTo(200);
            // the gate's input ends as the page decided: a deny aborts the build, as an input's abort does
            r.assertBuildStatus(hudson.model.Result.ABORTED, r.waitForCompletion(b));
            r.assertLogContains("Decided in the run directory: deny by erin", b);
        }
    }

    @Test
    void agentApproveWithNodeReachesOnlyRunsOfItsOwnBuild(JenkinsRule r) throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, "elsewhere");
        Path other = tmp.resolve("someone-elses-run");
        java.nio.file.Files.createDirectories(other);
        p.setDefinition(new CpsFlowDefinition("agentApprove(run: '%s', node: 'built-in', message: 'x')".formatted(other), true));
        WorkflowRun b = r.buildAndAssertStatus(hudson.model.Result.FAILURE, p);
        r.assertLogContains("is not a run an agentTask of this build started", b);
        assertThat(other.resolve("approvals")).doesNotExist();
    }

    /** POSTs a decision with a crumb as {@code user}; returns the HTTP status. */
    static int decide(JenkinsRule r, WorkflowRun b, String user, String runId, String request, String decision) throws Exception {
        JenkinsRule.WebClient wc = r.createWebClient().login(user);
        wc.setThrowExceptionOnFailingStatusCode(false);
        WebRequest post = new WebRequest(new URL(r.getURL(), b.getUrl() + "agentRuns/decide"), HttpMethod.POST);
        post.setRequestParameters(java.util.List.of(new NameValuePair("runId", runId), new NameValuePair("request", request),
                new NameValuePair("decision", decision), new NameValuePair("reason", "checked by " + user)));
        Page page = wc.getPage(wc.addCrumb(post));
        return page.getWebResponse().getStatusCode();
    }
}
