package dev.agentruntime.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Result;
import hudson.model.Run;
import hudson.slaves.DumbSlave;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.htmlunit.html.HtmlPage;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * agentTask in a real Jenkins on real runs (Docker sandbox, scripted model, generated repository): a declarative
 * pipeline end to end with its log, artifacts and Agent runs page; and three parallel agentTasks on a fresh agent
 * that is a separate JVM reached over remoting.
 */
@WithJenkins
class AgentTaskPipelineTest {
    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @TempDir
    Path tmp;

    RuntimeFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = RuntimeFixture.start(tmp, RuntimeFixture.FIX_SCRIPT);
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void declarativePipelineRunsTheTaskToAVerifiedBranch(JenkinsRule r) throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, "fix-calc");
        p.setDefinition(new CpsFlowDefinition("""
                pipeline {
                    agent any
                    stages {
                        stage('Agent') {
                            steps {
                                script {
                                    def result = agentTask(%s, runsDir: 'agent-runs')
                                    echo "RESULT ${result.status} ${result.branch} ${result.node} ${result.pushed}"
                                }
                            }
                        }
                    }
                }
                """.formatted(fixture.taskArgs("fix-calc")), true));
        WorkflowRun b = r.buildAndAssertSuccess(p);

        String log = JenkinsRule.getLog(b);
        String runId = runId(log);
        assertThat(log).contains("agentTask fix-calc: run " + runId, "[agent 1] ", "agentTask: run " + runId + " ended SUCCEEDED",
                "RESULT SUCCEEDED agent/fix-calc built-in true");
        assertEveryEventOnce(log);
        assertThat(fixture.remoteBranches()).contains("agent/fix-calc");
        assertThat(fixture.show("agent/fix-calc", "calc.py")).contains("return a + b");

        // Archived: reports, checkpoints, JUnit XML, under agent-runtime/<runId>/.
        List<String> artifacts = b.getArtifacts().stream().map(Run.Artifact::getHref).toList();
        assertThat(artifacts).contains("agent-runtime/" + runId + "/report.json", "agent-runtime/" + runId + "/report.md",
                "agent-runtime/" + runId + "/report.html");
        assertThat(artifacts).anyMatch(a -> a.startsWith("agent-runtime/" + runId + "/junit/") && a.endsWith(".xml"));

        // The build page: summary and the Agent runs page.
        JenkinsRule.WebClient wc = r.createWebClient();
        HtmlPage build = wc.getPage(b);
        assertThat(build.asNormalizedText()).contains(runId + ": SUCCEEDED");
        HtmlPage runs = wc.getPage(b, "agentRuns/");
        assertThat(runs.asNormalizedText()).contains(runId + ": SUCCEEDED", "report.html");
        assertThat(runs.getAnchorByText("report.html").getHrefAttribute()).isEqualTo("../artifact/agent-runtime/" + runId + "/report.html");
    }

    /** Three branches of one build on a fresh agent: each installs the runtime jar at once (they raced on one .jar.tmp). */
    @Test
    void threeParallelTasksOnAFreshAgentOverRemoting(JenkinsRule r) throws Exception {
        DumbSlave agent = r.createOnlineSlave(r.jenkins.getLabel("runtime"));
        WorkflowJob p = r.createProject(WorkflowJob.class, "parallel");
        p.setDefinition(new CpsFlowDefinition("""
                node('runtime') {
                    def results = [:]
                    parallel(
                        a: { results.a = agentTask(%s, branch: 'agent/a') },
                        b: { results.b = agentTask(%s, branch: 'agent/b') },
                        c: { results.c = agentTask(%s, branch: 'agent/c') })
                    results.each { k, v -> echo "RESULT ${k} ${v.status} ${v.node}" }
                }
                """.formatted(fixture.taskArgs("fix-a"), fixture.taskArgs("fix-b"), fixture.taskArgs("fix-c")), true));
        WorkflowRun b = r.buildAndAssertSuccess(p);
        String log = JenkinsRule.getLog(b);
        for (String k : List.of("a", "b", "c")) assertThat(log).contains("RESULT " + k + " SUCCEEDED " + agent.getNodeName());
        assertThat(fixture.remoteBranches()).contains("agent/a", "agent/b", "agent/c");

        // One jar on the node, no temporary file left behind.
        Path installed = Path.of(agent.getWorkspaceFor(p).getRemote() + "@tmp", "agent-runtime");
        try (Stream<Path> files = Files.list(installed)) {
            assertThat(files.map(f -> f.getFileName().toString()).toList()).singleElement().asString().matches("agent-runtime-[0-9a-f]{16}\\.jar");
        }
    }

    @Test
    void aFailingVerificationEndsTheStepWithTheRunsStatusNotAnError(JenkinsRule r) throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, "verify-fails");
        p.setDefinition(new CpsFlowDefinition("""
                node {
                    def result = agentTask(%s, verify: 'false')
                    echo "RESULT ${result.status}"
                }
                """.formatted(fixture.taskArgs("verify-fails").replace("verify: 'python3 run_tests.py', ", "")), true));
        WorkflowRun b = r.assertBuildStatus(Result.SUCCESS, p.scheduleBuild2(0));
        assertThat(JenkinsRule.getLog(b)).contains("RESULT HANDED_OFF");
    }

    static String runId(String log) {
        Matcher m = Pattern.compile(": run (\\d{8}-\\d{6}-\\d{3}-[0-9a-f]{6}) in ").matcher(log);
        assertThat(m.find()).as("the log names the run").isTrue();
        return m.group(1);
    }

    /** Each event line ({@code [agent N]}) appears exactly once, in order. */
    static void assertEveryEventOnce(String log) {
        Matcher m = Pattern.compile("\\[agent (\\d+)] ").matcher(log);
        long expected = 1;
        while (m.find()) {
            assertThat(Long.parseLong(m.group(1))).as("event seq in the log").isEqualTo(expected++);
        }
        assertThat(expected).as("events shown").isGreaterThan(5);
    }
}
