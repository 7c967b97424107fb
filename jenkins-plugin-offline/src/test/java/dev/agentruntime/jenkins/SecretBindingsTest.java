package dev.agentruntime.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentruntime.task.SecretSpec;
import dev.agentruntime.task.TaskSpec;
import dev.agentruntime.task.TaskSpecs;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets from an enclosing withCredentials block become the runtime's scoped task secrets, by name. */
class SecretBindingsTest {
    @TempDir
    Path tmp;

    @Test
    void boundVariablesBecomeScopedTaskSecrets() {
        AgentTaskStep step = new AgentTaskStep();
        step.setTask("Upgrade the build");
        step.setRepo("https://git.example.com/acme/calc.git");
        step.setModel("gpt-5.5");
        step.setBaseUrl("http://127.0.0.1:4000/v1");
        step.setSecrets("NPM_TOKEN: setup\n# comment\nSONAR_TOKEN: verify, setup\n");
        TaskSpec task = TaskSpecs.parse(TaskYaml.render(step, tmp.toString(), false), "agentTask", tmp);
        assertThat(task.secrets()).extracting(SecretSpec::name).containsExactly("NPM_TOKEN", "SONAR_TOKEN");
        assertThat(task.secrets().get(1).phases()).containsExactly("verify", "setup");
        assertThat(task.secrets().get(0).fromEnv()).isEqualTo("NPM_TOKEN");

        var bindings = SecretBindings.parse(step.getSecrets());
        assertThat(SecretBindings.values(bindings, Map.of("NPM_TOKEN", "n-1", "SONAR_TOKEN", "s-2", "PATH", "/bin")))
                .containsExactly(Map.entry("NPM_TOKEN", "n-1"), Map.entry("SONAR_TOKEN", "s-2"));
    }

    @Test
    void anUnboundOrMalformedSecretSaysHowToFixIt() {
        var bindings = SecretBindings.parse("NPM_TOKEN: setup");
        assertThatThrownBy(() -> SecretBindings.values(bindings, Map.of()))
                .hasMessageContaining("NPM_TOKEN is not bound").hasMessageContaining("withCredentials([string(credentialsId:");
        assertThatThrownBy(() -> SecretBindings.parse("NPM_TOKEN")).hasMessageContaining("must be VARIABLE: phase");
        assertThatThrownBy(() -> SecretBindings.parse("NPM_TOKEN: deploy")).hasMessageContaining("unknown phase \"deploy\"");
        assertThatThrownBy(() -> SecretBindings.parse("1BAD: setup")).hasMessageContaining("not an environment variable name");
        assertThat(SecretBindings.parse(null)).isEqualTo(List.of());
    }
}
