package dev.agentruntime.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruntime.rundir.Status;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The model endpoint breaks answers more often than the built-in agent retries: the agent is restarted from its last
 * checkpoint like a crashed one, and when the faults outlast recovery.maxRestarts the run is handed off — never a
 * bare FAILED for a fault the endpoint caused. (Single faults, every agent: {@link AgentFaultMatrixTest}.)
 */
@Tag("docker")
class ModelFaultRecoveryTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"disconnect", "malformedChunk", "hangMidStream"})
    void faultsOutlastingTheAgentsRetriesRestartItFromItsCheckpoint(String fault) {
        String broken = "  - {text: partial, fault: {" + fault + ": true}}\n";
        String script = """
                turns:
                  - calls: [{tool: shell, args: {command: "echo one > steps.txt"}}]
                %s  - calls: [{tool: edit, args: {path: calc.py, old: "    return a - b", new: "    return a + b"}}]
                  - calls: [{tool: shell, args: {command: "echo three >> steps.txt"}}]
                  - calls: [{tool: finish, args: {summary: "fixed add()"}}]
                """.formatted(broken.repeat(3));
        try (Scenario s = new Scenario(tmp, script)) {
            Scenario.Outcome o = s.run(s.task("stall: {after: 2s}"));
            assertThat(o.state().status()).as(o.state().reason()).isEqualTo(Status.SUCCEEDED);
            var recovery = o.events().stream().filter(e -> e.type().equals("recovery.started")).findFirst().orElseThrow();
            assertThat(recovery.text("kind")).isEqualTo("model");
            assertThat(s.remoteGit("show", "agent/fix-calc:steps.txt")).isEqualTo("one\nthree\n");
        }
    }

    @Test
    void faultsOutlastingRecoveryHandTheRunOff() {
        String script = """
                turns:
                  - calls: [{tool: shell, args: {command: "echo one > steps.txt"}}]
                  - {text: partial, fault: {disconnect: true}}
                repeatLast: true
                """;
        try (Scenario s = new Scenario(tmp, script)) {
            Scenario.Outcome o = s.run(s.task("recovery: {maxRestarts: 1}"));
            assertThat(o.state().status()).as(o.state().reason()).isEqualTo(Status.HANDED_OFF);
            assertThat(o.state().reason()).contains("model");
            assertThat(o.types()).contains("recovery.exhausted", "handoff.written");
            assertThat(o.events().stream().filter(e -> e.type().equals("recovery.started")).count()).isEqualTo(1);
            assertThat(s.remoteGit("show", "agent/fix-calc:steps.txt")).as("the work so far is pushed").isEqualTo("one\n");
        }
    }
}
