package dev.agentruntime.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruntime.task.TaskSpec;
import dev.agentruntime.task.TaskSpecs;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The system configuration's defaults fill what a step leaves unset; a step's own parameter wins. */
class TaskDefaultsTest {
    @TempDir
    Path tmp;

    static final TaskDefaults DEFAULTS = new TaskDefaults("acme/sandbox:7", "codex", "gpt-5.5", "https://llm.acme.internal/v1", "none",
            List.of("nexus.acme.internal", "*.files.acme.internal"), List.of("-Xmx512m"));

    AgentTaskStep step() {
        AgentTaskStep s = new AgentTaskStep();
        s.setTask("Upgrade JUnit");
        s.setRepo("https://git.example.com/acme/calc.git");
        return s;
    }

    @Test
    void defaultsFillTheGaps() {
        TaskSpec t = TaskSpecs.parse(TaskYaml.render(step(), tmp.toString(), false, DEFAULTS), "agentTask", tmp);
        assertThat(t.image()).isEqualTo("acme/sandbox:7");
        assertThat(t.agent()).isEqualTo("codex");
        assertThat(t.model().model()).isEqualTo("gpt-5.5");
        assertThat(t.model().baseUrl()).isEqualTo("https://llm.acme.internal/v1");
        assertThat(t.policy()).isEqualTo("none");
        assertThat(t.egress().allow()).containsExactly("nexus.acme.internal", "*.files.acme.internal");
    }

    @Test
    void theStepWins() {
        AgentTaskStep s = step();
        s.setAgent("claude-code");
        s.setModel("claude-sonnet-4-5");
        s.setBaseUrl("http://127.0.0.1:4000");
        s.setImage("agent-runtime/sandbox:latest");
        TaskSpec t = TaskSpecs.parse(TaskYaml.render(s, tmp.toString(), false, DEFAULTS), "agentTask", tmp);
        assertThat(t.agent()).isEqualTo("claude-code");
        assertThat(t.model().model()).isEqualTo("claude-sonnet-4-5");
        assertThat(t.model().baseUrl()).isEqualTo("http://127.0.0.1:4000");
        assertThat(t.image()).isEqualTo("agent-runtime/sandbox:latest");
    }

    @Test
    void jvmOptionsGoRightAfterJava() {
        assertThat(RuntimeCommand.withJvmOptions(List.of("java", "-jar", "/x/agent-runtime-all.jar"), List.of("-Xmx512m", "-Dfoo=1")))
                .containsExactly("java", "-Xmx512m", "-Dfoo=1", "-jar", "/x/agent-runtime-all.jar");
        assertThat(RuntimeCommand.withJvmOptions(List.of("/opt/agent-runtime"), List.of("-Xmx1g"))).containsExactly("/opt/agent-runtime");
        assertThat(AgentRuntimeConfiguration.lines("a\n\n# c\n b \n")).containsExactly("a", "b");
    }
}
