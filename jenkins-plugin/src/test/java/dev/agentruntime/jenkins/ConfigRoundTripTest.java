package dev.agentruntime.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.jenkinsci.plugins.workflow.cps.SnippetizerTester;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The forms render and round-trip in a real Jenkins: each step through its config.jelly (what the snippet generator
 * shows), and the system configuration page, whose Save button our section once cut off.
 */
@WithJenkins
class ConfigRoundTripTest {
    @Test
    void agentTaskRoundTrips(JenkinsRule r) throws Exception {
        AgentTaskStep s = new AgentTaskStep();
        s.setTask("Fix the failing test.\nDo not change the tests.");
        s.setRepo("https://git.example.com/acme/calc.git");
        s.setAgent("codex");
        s.setModel("gpt-5.5");
        s.setBaseUrl("https://llm.example.com/v1");
        s.setApiKeyCredentialsId("llm-key");
        s.setVerify("mvn -B verify\nnpm test");
        s.setSecrets("NPM_TOKEN: setup");
        s.setSubmitter("alice, reviewers");
        s.setTaskId("fix-calc");
        s.setBaseBranch("develop");
        s.setBranch("agent/{id}");
        s.setPolicy("ci/policy.yaml");
        s.setTurns(40);
        s.setTokens(200_000);
        s.setWallClock("45m");
        s.setImage("agent-runtime/sandbox:latest");
        s.setRunsDir("agent-runs");
        s.setRuntime("/opt/agent-runtime/bin/agent-runtime");
        AgentTaskStep back = new StepConfigTester(r).configRoundTrip(s);
        r.assertEqualDataBoundBeans(s, back);
    }

    @Test
    void agentGateRoundTrips(JenkinsRule r) throws Exception {
        AgentGateStep s = new AgentGateStep("/runs/20261129-101010-000-abcdef");
        s.setMessage("Open a pull request (draft)?");
        s.setSubmitter("alice, bob");
        s.setNode("linux-1");
        r.assertEqualDataBoundBeans(s, new StepConfigTester(r).configRoundTrip(s));
    }

    @Test
    void agentPublishPRRoundTrips(JenkinsRule r) throws Exception {
        AgentPublishPRStep s = new AgentPublishPRStep("/runs/20261129-101010-000-abcdef");
        s.setCredentialsId("gh-token");
        s.setProvider("gitlab");
        s.setRepo("acme/calc");
        s.setBaseUrl("https://gitlab.example.com");
        s.setDraft(true);
        s.setLabels("agent, migration");
        s.setRuntime("agent-runtime");
        r.assertEqualDataBoundBeans(s, new StepConfigTester(r).configRoundTrip(s));
    }

    /** The snippet generator writes each step as users would type it, and reads it back. */
    @Test
    void theSnippetGeneratorWritesTheSteps(JenkinsRule r) throws Exception {
        SnippetizerTester st = new SnippetizerTester(r);
        AgentGateStep gate = new AgentGateStep("/runs/r1");
        gate.setMessage("Ship it?");
        gate.setNode("linux-1");
        st.assertRoundTrip(gate, "agentGate message: 'Ship it?', node: 'linux-1', run: '/runs/r1'");
        AgentDecisionStep decision = new AgentDecisionStep("/runs/r1", "gate-x");
        st.assertRoundTrip(decision, "agentDecision request: 'gate-x', run: '/runs/r1'");
        AgentPublishPRStep publish = new AgentPublishPRStep("/runs/r1");
        publish.setDraft(true);
        publish.setRepo("acme/calc");
        st.assertRoundTrip(publish, "agentPublishPR draft: true, repo: 'acme/calc', run: '/runs/r1'");
        AgentTaskStep task = new AgentTaskStep();
        task.setTask("Fix the build");
        task.setRepo(".");
        task.setTurns(20);
        st.assertRoundTrip(task, "agentTaskRun repo: '.', task: 'Fix the build', turns: 20");
    }

    @Test
    void theSystemPageRendersOurSectionAndSavesIt(JenkinsRule r) throws Exception {
        AgentRuntimeConfiguration c = AgentRuntimeConfiguration.get();
        c.setDefaultImage("agent-runtime/sandbox:latest");
        c.setDefaultAgent("opencode");
        c.setDefaultModel("gpt-5.5");
        c.setDefaultBaseUrl("https://llm.example.com/v1");
        c.setDefaultPolicy("default");
        c.setEgressAllow("registry.example.com\n*.mirror.example.com:443");
        c.setRuntimeJvmOptions("-Xmx512m");

        HtmlPage page = r.createWebClient().goTo("manage/configure");
        assertThat(page.asNormalizedText()).contains("Agent Runtime", "Default model endpoint", "Hosts every task may reach");
        HtmlForm form = page.getFormByName("config");
        r.submit(form); // the page's own Save button
        AgentRuntimeConfiguration after = AgentRuntimeConfiguration.get();
        assertThat(after.getDefaultAgent()).isEqualTo("opencode");
        assertThat(after.getDefaultBaseUrl()).isEqualTo("https://llm.example.com/v1");
        assertThat(after.getEgressAllow()).isEqualTo("registry.example.com\n*.mirror.example.com:443");
        assertThat(after.getRuntimeJvmOptions()).isEqualTo("-Xmx512m");

        // And it survives a reload from disk.
        after.load();
        assertThat(after.defaults().egressAllow()).containsExactly("registry.example.com", "*.mirror.example.com:443");
    }
}
