package dev.agentruntime.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruntime.demo.DemoScript;
import dev.agentruntime.rundir.Status;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Token and wall-clock budgets stop real agent CLIs and say which budget ran out. */
@Tag("docker")
class AgentBudgetsTest {
    @TempDir
    Path tmp;

    @Test
    void tokenBudgetIsEnforcedAtTheGateway() {
        try (Scenario s = new Scenario(tmp, DemoScript.YAML)) {
            // Codex's first request alone is ~9,500 input tokens: the second must be refused.
            Scenario.Outcome o = s.run(s.task("codex", "gpt-5.5", "budgets: {tokens: 12000}"));
            assertThat(o.state().status()).isEqualTo(Status.HANDED_OFF); // out of budget: handed to a human
            assertThat(o.state().reason()).contains("token budget exhausted").contains("budgets.tokens");
            assertThat(o.dir().root().resolve("handoff.md")).content().contains("token budget exhausted");
            assertThat(o.types()).contains("budget.exceeded");
            assertThat(s.model.turnsServed()).isEqualTo(2);
            assertThat(o.report().get("usage").get("totalTokens").asLong()).isGreaterThanOrEqualTo(12000);
        }
    }

    @Test
    void wallClockBudgetStopsAWorkingAgent() {
        String slow = """
                turns:
                  - calls: [{tool: shell, args: {command: "python3 -c 'import time; time.sleep(120)'"}}]
                  - calls: [{tool: finish, args: {summary: "never reached"}}]
                """;
        try (Scenario s = new Scenario(tmp, slow)) {
            long t0 = System.nanoTime();
            Scenario.Outcome o = s.run(s.task("claude-code", "claude-sonnet-4-5", "budgets: {wallClock: 15s}\nstall: {after: 5m}"));
            assertThat(o.state().status()).isEqualTo(Status.HANDED_OFF);
            assertThat(o.state().reason()).contains("wall-clock budget exhausted").contains("budgets.wallClock");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(45));
            assertThat(o.report().get("usage").has("costUsd")).isFalse(); // stopped before the agent reported a cost
            assertThat(Scenario.containersOf(o.dir().runId())).isEmpty();
        }
    }
}
