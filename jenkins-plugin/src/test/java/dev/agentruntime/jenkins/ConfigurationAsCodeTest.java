package dev.agentruntime.jenkins;

import static io.jenkins.plugins.casc.misc.Util.getUnclassifiedRoot;
import static io.jenkins.plugins.casc.misc.Util.toStringFromYamlFile;
import static io.jenkins.plugins.casc.misc.Util.toYamlString;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.casc.ConfigurationContext;
import io.jenkins.plugins.casc.ConfiguratorRegistry;
import io.jenkins.plugins.casc.misc.ConfiguredWithCode;
import io.jenkins.plugins.casc.misc.JenkinsConfiguredWithCodeRule;
import io.jenkins.plugins.casc.misc.junit.jupiter.WithJenkinsConfiguredWithCode;
import org.junit.jupiter.api.Test;

/** The system configuration from JCasC ({@code unclassified: agentRuntime:}), and exported back the same. */
@WithJenkinsConfiguredWithCode
class ConfigurationAsCodeTest {
    @Test
    @ConfiguredWithCode("configuration-as-code.yaml")
    void importsAndExportsTheDefaults(JenkinsConfiguredWithCodeRule j) throws Exception {
        TaskDefaults d = AgentRuntimeConfiguration.get().defaults();
        assertThat(d.agent()).isEqualTo("codex");
        assertThat(d.baseUrl()).isEqualTo("https://llm.acme.internal/v1");
        assertThat(d.egressAllow()).containsExactly("nexus.acme.internal", "*.pypi.acme.internal:443");
        assertThat(d.jvmOptions()).containsExactly("-Xmx512m");

        ConfigurationContext context = new ConfigurationContext(ConfiguratorRegistry.get());
        assertThat(toYamlString(getUnclassifiedRoot(context).get("agentRuntime")))
                .isEqualTo(toStringFromYamlFile(this, "expected-agentRuntime.yaml"));
    }
}
