package dev.agentruntime.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.casc.misc.junit.jupiter.AbstractRoundTripTest;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * JCasC's own round trip over configuration-as-code.yaml: apply it through the web UI, check, write jenkins.yaml,
 * restart Jenkins from it, check again.
 */
class ConfigurationAsCodeRoundTripTest extends AbstractRoundTripTest {
    @Override
    protected void assertConfiguredAsExpected(JenkinsRule j, String configContent) {
        AgentRuntimeConfiguration c = AgentRuntimeConfiguration.get();
        assertThat(c.getDefaultImage()).isEqualTo("agent-runtime/sandbox:latest");
        assertThat(c.getDefaultModel()).isEqualTo("gpt-5.5");
        assertThat(c.defaults().egressAllow()).containsExactly("nexus.acme.internal", "*.pypi.acme.internal:443");
    }

    @Override
    protected String stringInLogExpected() {
        return "defaultBaseUrl = https://llm.acme.internal/v1";
    }
}
