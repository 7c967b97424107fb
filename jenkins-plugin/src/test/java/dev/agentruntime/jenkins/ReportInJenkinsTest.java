package dev.agentruntime.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.DirectoryBrowserSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.htmlunit.Page;
import org.htmlunit.WebResponse;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlPage;
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
 * The report inside Jenkins, on a real run (Docker sandbox, scripted model): report.html is served from the build's
 * artifacts under Jenkins' Content-Security-Policy and its styles come from report.css beside it, served under the
 * same policy; diff.patch is archived too; the Agent runs page shows the run natively — the conversation (messages,
 * tool calls and their output, token statistics, escaped), checkpoints, the approval (decided in its input) and the
 * policy's denial, egress, verification — and the build page a summary of it. With Chromium on the machine, headless
 * screenshots of both pages go to target/screens/.
 */
@WithJenkins
class ReportInJenkinsTest {
    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    /** Says things (one with markup), asks before writing CI, tries the network and a push, fixes add(). */
    static final String SCRIPT = """
            byConversation: true
            turns:
              - text: "Let me run the tests first."
                calls: [{tool: shell, args: {command: "python3 run_tests.py"}}]
              - text: "The suite needs CI <img src=x onerror=alert(1)>; adding a workflow."
                calls: [{tool: write, args: {path: .github/workflows/ci.yml, content: "on: push\\n"}}]
              - text: "Is the package index reachable?"
                calls: [{tool: shell, args: {command: "curl -sS -m 5 -o /dev/null https://pypi.acme.internal/simple/ || echo unreachable"}}]
              - calls: [{tool: shell, args: {command: "git push origin HEAD"}}]
              - text: "add() subtracts; fixing it."
                calls: [{tool: edit, args: {path: calc.py, old: "    return a - b", new: "    return a + b"}}]
              - calls: [{tool: shell, args: {command: "python3 run_tests.py"}}]
              - calls: [{tool: finish, args: {summary: "Fixed add() and added CI"}}]
            """;

    @TempDir
    Path tmp;

    @Test
    void theReportAndTheAgentRunsPageShowTheRunInsideJenkins(JenkinsRule r) throws Exception {
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        Path policy = tmp.resolve("policy.yaml");
        Files.writeString(policy, """
                rules:
                  - {action: shell, pattern: "git push*", decision: deny, reason: "the runtime pushes, not the agent"}
                  - {action: write, path: ".github/workflows/**", decision: ask, reason: "CI configuration"}
                """);
        try (RuntimeFixture fixture = RuntimeFixture.start(tmp, SCRIPT)) {
            WorkflowJob p = r.createProject(WorkflowJob.class, "report");
            p.setDefinition(new CpsFlowDefinition("node { agentTask(%s, submitter: 'alice', policy: '%s') }"
                    .formatted(fixture.taskArgs("report"), policy), true));
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            var input = InputApprovalTest.waitForInput(r, b);
            assertThat(InputApprovalTest.post(r, "alice", b.getUrl() + "input/" + input.getId() + "/proceed", "CI is welcome")).isEqualTo(200);
            r.assertBuildStatusSuccess(r.waitForCompletion(b));
            String runId = AgentTaskPipelineTest.runId(JenkinsRule.getLog(b));
            String artifacts = b.getUrl() + "artifact/agent-runtime/" + runId + "/";

            // report.html and report.css from the artifacts, each under Jenkins' policy; the page links the sheet.
            JenkinsRule.WebClient wc = r.createWebClient().login("alice");
            wc.getOptions().setJavaScriptEnabled(false);
            WebResponse html = wc.goTo(artifacts + "report.html", null).getWebResponse();
            assertThat(html.getResponseHeaderValue("Content-Security-Policy")).isEqualTo(DirectoryBrowserSupport.DEFAULT_CSP_VALUE)
                    .contains("style-src 'self'");
            String page = html.getContentAsString();
            assertThat(page).contains("<link rel=\"stylesheet\" href=\"report.css\">", "<section id=\"run-timeline\"", "<svg ",
                    "<section id=\"diff\"", "+    return a + b").doesNotContainPattern("(?i)<script|\\sstyle\\s*=");
            WebResponse css = wc.goTo(artifacts + "report.css", null).getWebResponse();
            assertThat(css.getStatusCode()).isEqualTo(200);
            assertThat(css.getContentType()).isEqualTo("text/css");
            assertThat(css.getResponseHeaderValue("Content-Security-Policy")).isEqualTo(DirectoryBrowserSupport.DEFAULT_CSP_VALUE);
            assertThat(css.getContentAsString()).contains(".timeline svg{").isEqualTo(inlineStyle(page));
            Page patch = wc.goTo(artifacts + "diff.patch", null);
            assertThat(patch.getWebResponse().getContentAsString()).contains("+    return a + b", "+on: push");

            // The Agent runs page: the conversation card, then what only this runtime records.
            HtmlPage runs = wc.getPage(b, "agentRuns/");
            DomElement card = runs.getElementById("conversation-" + runId);
            assertThat(card).as(runs.asNormalizedText()).isNotNull();
            String conversation = card.asNormalizedText();
            assertThat(conversation).containsPattern("Turns\\s*7\\s*Tool calls\\s*7\\s*Tokens in\\s*[1-9]\\d*\\s*Tokens out\\s*[1-9]")
                    .contains("Conversation — builtin, model scripted", "Total tokens", "Model time",
                    "Let me run the tests first.", "Turn 1", "bash", "python3 run_tests.py", "error (exit 1)", "edit_file", "calc.py",
                    "ap-0001: allow by alice", "denied by policy: shell git push origin HEAD",
                    "The suite needs CI <img src=x onerror=alert(1)>; adding a workflow.");
            assertThat(card.asXml()).contains("FAIL: test_add"); // a tool's output, in its collapsed details
            assertThat(runs.getElementsByTagName("img")).noneMatch(img -> "x".equals(img.getAttribute("src")));
            assertThat(runs.getElementById("checkpoints-" + runId).asNormalizedText()).contains("refs/agent-runtime/" + runId + "/1");
            assertThat(runs.getElementById("decisions-" + runId).asNormalizedText())
                    .contains("ap-0001\twrite\t.github/workflows/ci.yml\tallow\talice\tCI is welcome")
                    .contains("shell\tgit push origin HEAD\tdeny\tpolicy rules[0]\tthe runtime pushes, not the agent");
            assertThat(runs.getElementById("egress-" + runId).asNormalizedText()).startsWith("0 connections allowed, 1 denied by the egress allowlist")
                    .contains("pypi.acme.internal\t443\tagent\t3\tnot on the egress allowlist");
            assertThat(runs.getElementById("verification-" + runId).asNormalizedText()).startsWith("passed");
            assertThat(wc.getPage(b).asNormalizedText()).containsPattern("7 turns, 7 tool calls, [1-9]\\d* tokens, [1-9] checkpoints, 2 approvals and denials, 1 egress denied, verification passed");

            screenshot(r, artifacts + "report.html", "jenkins-report.png", "1200,2000");
            screenshot(r, b.getUrl() + "agentRuns/", "jenkins-agent-runs.png", "1280,1800");
        }
    }

    private static String inlineStyle(String page) {
        Matcher m = Pattern.compile("<style>(.*?)</style>", Pattern.DOTALL).matcher(page);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    /** A headless Chromium shot of a Jenkins page, as Jenkins serves it (headers included), when Chromium is installed. */
    private static void screenshot(JenkinsRule r, String path, String name, String size) throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/chromium"))) return;
        Path shot = Path.of("target", "screens", name).toAbsolutePath();
        Files.createDirectories(shot.getParent());
        Files.deleteIfExists(shot);
        Process p = new ProcessBuilder("/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--window-size=" + size, "--screenshot=" + shot, r.getURL() + path).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(Duration.ofMinutes(2).toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(Files.size(shot)).isGreaterThan(10_000);
    }
}
