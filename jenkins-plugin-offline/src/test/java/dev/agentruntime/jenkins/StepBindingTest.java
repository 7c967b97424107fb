package dev.agentruntime.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentruntime.task.TaskSpec;
import dev.agentruntime.task.TaskSpecs;
import dev.agentruntime.common.BadInputException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jenkinsci.Symbol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pipeline arguments bind to the steps, and agentTask's parameters become a task file the runtime accepts. */
class StepBindingTest {
    @TempDir
    Path tmp;

    static Map<String, Object> fullTask() {
        return Map.ofEntries(Map.entry("task", "Migrate from JUnit 4 to JUnit 5.\nKeep behaviour."), Map.entry("taskId", "junit5"),
                Map.entry("repo", "https://git.example.com/acme/billing.git"), Map.entry("baseBranch", "main"),
                Map.entry("agent", "codex"), Map.entry("model", "gpt-5.5"), Map.entry("baseUrl", "https://llm.example.com/v1"),
                Map.entry("apiKeyCredentialsId", "llm-key"), Map.entry("policy", "ci/agent-policy.yaml"), Map.entry("turns", 40),
                Map.entry("tokens", 1_500_000L), Map.entry("wallClock", "45m"), Map.entry("image", "agent-runtime/sandbox:latest"),
                Map.entry("verify", "mvn -B -q test\n\n  ./check-style.sh  "), Map.entry("branch", "agent/{taskId}-{date}"),
                Map.entry("runsDir", "agent-runs"), Map.entry("submitter", "alice,release-managers"),
                Map.entry("runtime", "/opt/agent-runtime/bin/agent-runtime"));
    }

    @Test
    void agentTaskBindsEveryParameter() throws Exception {
        AgentTaskStep step = Binder.bind(AgentTaskStep.class, fullTask());
        assertThat(Binder.parameterNames(AgentTaskStep.class)).containsAll(fullTask().keySet()).contains("taskFile");
        assertThat(step.getRepo()).isEqualTo("https://git.example.com/acme/billing.git");
        assertThat(step.getAgent()).isEqualTo("codex");
        assertThat(step.getTurns()).isEqualTo(40);
        assertThat(step.getTokens()).isEqualTo(1_500_000L);
        assertThat(step.getWallClock()).isEqualTo("45m");
        assertThat(step.getSubmitter()).isEqualTo("alice,release-managers");
        assertThat(step.getApiKeyCredentialsId()).isEqualTo("llm-key");
        assertThat(step.describe()).isEqualTo("agentTask junit5");
        assertThatThrownBy(() -> Binder.bind(AgentTaskStep.class, Map.of("task", "x", "turnz", 3))).hasMessageContaining("turnz");
    }

    @Test
    void agentTaskParametersBecomeATaskTheRuntimeAccepts() throws Exception {
        AgentTaskStep step = Binder.bind(AgentTaskStep.class, fullTask());
        Path workspace = java.nio.file.Files.createDirectories(tmp.resolve("ws/ci")).getParent();
        java.nio.file.Files.writeString(workspace.resolve("ci/agent-policy.yaml"),
                "rules:\n  - {action: write, path: \".github/**\", decision: deny, reason: \"no CI changes\"}\n");
        String yaml = TaskYaml.render(step, workspace.toString(), true);
        TaskSpec spec = TaskSpecs.parse(yaml, "agentTask", tmp);
        assertThat(spec.id()).isEqualTo("junit5");
        assertThat(spec.repo()).isEqualTo("https://git.example.com/acme/billing.git");
        assertThat(spec.baseBranch()).isEqualTo("main");
        assertThat(spec.instructions()).isEqualTo("Migrate from JUnit 4 to JUnit 5.\nKeep behaviour.");
        assertThat(spec.agent()).isEqualTo("codex");
        assertThat(spec.model().baseUrl()).isEqualTo("https://llm.example.com/v1");
        assertThat(spec.model().model()).isEqualTo("gpt-5.5");
        assertThat(spec.model().apiKeyEnv()).isEqualTo(LaunchCommand.MODEL_KEY_VARIABLE);
        assertThat(spec.verify().commands()).containsExactly("mvn -B -q test", "./check-style.sh");
        assertThat(spec.budgets().turns()).isEqualTo(40);
        assertThat(spec.budgets().tokens()).isEqualTo(1_500_000L);
        assertThat(spec.budgets().wallClock()).isEqualTo(Duration.ofMinutes(45));
        assertThat(spec.branch()).isEqualTo("agent/{taskId}-{date}");
        assertThat(spec.policy()).isEqualTo(workspace.resolve("ci/agent-policy.yaml").toString());
    }

    @Test
    void minimalTaskUsesTheRuntimeDefaultsAndNoKey() throws Exception {
        AgentTaskStep step = Binder.bind(AgentTaskStep.class,
                Map.of("task", "Fix the build", "repo", "/srv/git/app.git", "model", "m", "baseUrl", "http://127.0.0.1:9/v1"));
        step.validate();
        TaskSpec spec = TaskSpecs.parse(TaskYaml.render(step, "/ws", false), "agentTask", tmp);
        assertThat(spec.model().apiKeyEnv()).isNull();
        assertThat(spec.agent()).isEqualTo("builtin");
        assertThat(spec.policy()).isEqualTo("default");
        assertThat(TaskYaml.policy("none", "/ws")).isEqualTo("none");
        assertThat(TaskYaml.repo(".", "/ws/app")).isEqualTo("/ws/app");
        assertThat(TaskYaml.repo("libs/core", "/ws/app")).isEqualTo("/ws/app/libs/core");
        assertThat(TaskYaml.repo("git@github.com:acme/calc.git", "/ws")).isEqualTo("git@github.com:acme/calc.git");
        assertThat(TaskYaml.repo("https://git.example.com/a.git", "/ws")).isEqualTo("https://git.example.com/a.git");
        assertThat(step.describe()).isEqualTo("agentTask: Fix the build");
    }

    @Test
    void taskTextAndTaskFileExcludeEachOther() throws Exception {
        assertThatThrownBy(() -> Binder.bind(AgentTaskStep.class, Map.of("task", "a", "taskFile", "t.yaml")).validate())
                .hasMessageContaining("exactly one of task");
        assertThatThrownBy(() -> Binder.bind(AgentTaskStep.class, Map.of("repo", "r")).validate()).hasMessageContaining("exactly one of task");
        AgentTaskStep fileOnly = Binder.bind(AgentTaskStep.class, Map.of("taskFile", "tasks/junit5.yaml"));
        fileOnly.validate();
        assertThat(fileOnly.describe()).isEqualTo("agentTask tasks/junit5.yaml");
        // A bad value is the runtime's to reject, with its own message.
        AgentTaskStep bad = Binder.bind(AgentTaskStep.class, Map.of("task", "x", "repo", "r", "model", "m", "baseUrl", "u", "wallClock", "5 parsecs"));
        assertThatThrownBy(() -> TaskSpecs.parse(TaskYaml.render(bad, "/ws", false), "agentTask", tmp))
                .isInstanceOf(BadInputException.class).hasMessageContaining("budgets.wallClock");
    }

    @Test
    void agentGateBindsAndNamesItsGateAfterTheBuildAndTheMessage() throws Exception {
        AgentGateStep step = Binder.bind(AgentGateStep.class,
                Map.of("run", "/ws@tmp/agent-runs/20261127-232220-464-2b17ec", "message", "Ship it?", "submitter", "alice"));
        assertThat(step.getRun()).endsWith("2b17ec");
        assertThat(step.getSubmitter()).isEqualTo("alice");
        assertThat(step.getNode()).isNull();
        assertThat(Binder.bind(AgentGateStep.class, Map.of("run", "/r", "node", "linux-7")).getNode()).isEqualTo("linux-7");
        assertThat(Binder.bind(AgentGateStep.class, Map.of("run", "/r", "node", " ")).getNode()).as("blank = not given").isNull();
        assertThat(step.effectiveMessage()).isEqualTo("Ship it?");
        assertThat(Binder.bind(AgentGateStep.class, Map.of("run", "r1")).effectiveMessage()).contains("r1");
        assertThat(GateBridge.name("nightly#12", step.effectiveMessage())).isEqualTo("nightly#12 Ship it?");
    }

    /** The input that asks a request and the watcher that settles it find each other by the run and the request alone. */
    @Test
    void inputIdsAreStablePerRunAndRequestAndDistinct() {
        String id = InputIds.of("20261127-232220-464-2b17ec", "gate-nightly-12-ship-it");
        assertThat(id).matches("Agent[0-9a-f]{12}").isEqualTo(InputIds.of("20261127-232220-464-2b17ec", "gate-nightly-12-ship-it"));
        assertThat(InputIds.of("20261127-232220-464-2b17ec", "req-0002")).isNotEqualTo(id);
        assertThat(InputIds.of("20261127-232220-464-000000", "gate-nightly-12-ship-it")).isNotEqualTo(id);
    }

    @Test
    void agentDecisionBindsItsParameters() throws Exception {
        AgentDecisionStep step = Binder.bind(AgentDecisionStep.class, Map.of("run", "/runs/r1", "request", "req-0001", "node", "linux-7"));
        assertThat(step.getRun()).isEqualTo("/runs/r1");
        assertThat(step.getRequest()).isEqualTo("req-0001");
        assertThat(step.getNode()).isEqualTo("linux-7");
    }

    @Test
    void agentPublishPRBindsItsParameters() throws Exception {
        AgentPublishPRStep step = Binder.bind(AgentPublishPRStep.class,
                Map.of("run", "/runs/r1", "credentialsId", "gh", "draft", true, "labels", "agent, migration", "repo", "acme/billing"));
        assertThat(step.getCredentialsId()).isEqualTo("gh");
        assertThat(step.isDraft()).isTrue();
        assertThat(step.getProvider()).isEqualTo("github");
        assertThat(step.command(List.of("agent-runtime")).labels()).containsExactly("agent", "migration");
    }

    @Test
    void stepsCarryTheirPipelineSymbols() {
        // agentTask and agentApprove are global variables (Groovy) over these building blocks
        assertThat(AgentTaskStep.DescriptorImpl.class.getAnnotation(Symbol.class).value()).containsExactly("agentTaskRun");
        assertThat(AgentGateStep.DescriptorImpl.class.getAnnotation(Symbol.class).value()).containsExactly("agentGate");
        assertThat(AgentDecisionStep.DescriptorImpl.class.getAnnotation(Symbol.class).value()).containsExactly("agentDecision");
        assertThat(AgentPublishPRStep.DescriptorImpl.class.getAnnotation(Symbol.class).value()).containsExactly("agentPublishPR");
    }

    /** The label the stage views show beside each step: the task, the gate's question, the repository. */
    @Test
    void stepsAreLabelledWithWhatTheyDo() {
        assertThat(StepLabels.task(Map.of("taskId", "junit5-billing", "task", "Migrate"))).isEqualTo("junit5-billing");
        assertThat(StepLabels.task(Map.of("taskFile", "tasks/junit5.yaml"))).isEqualTo("tasks/junit5.yaml");
        assertThat(StepLabels.task(Map.of("task", "Upgrade the logging library in every module and fix what breaks\nDetails…")))
                .hasSize(60).startsWith("Upgrade the logging library").endsWith("…");
        assertThat(StepLabels.approve(Map.of("run", "/ws/agent-runs/20261127-232220-464-2b17ec", "message", "Ship billing?"))).isEqualTo("Ship billing?");
        assertThat(StepLabels.approve(Map.of("run", "/ws/agent-runs/20261127-232220-464-2b17ec"))).isEqualTo("run 20261127-232220-464-2b17ec");
        assertThat(StepLabels.publish(Map.of("run", "r", "repo", "acme/billing"))).isEqualTo("acme/billing");
        assertThat(StepLabels.task(Map.of())).isNull();
    }
}
