package dev.agentruntime.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruntime.demo.DemoScript;
import dev.agentruntime.rundir.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every agent against every model fault: each run ends within the stall threshold plus 30 s, and never FAILED — a
 * fault the endpoint caused is retried (gateway, agent) or the agent is restarted from its last checkpoint. The
 * printed rows are the table in docs/agents.md.
 */
@Tag("docker")
class AgentFaultMatrixTest {
    static final Duration STALL = Duration.ofSeconds(10);

    @TempDir
    Path tmp;

    static Stream<Arguments> matrix() {
        String[][] agents = {{"builtin", "scripted"}, {"opencode", "scripted-model"}, {"codex", "gpt-5.5"}, {"claude-code", "claude-sonnet-4-5"}};
        String[][] faults = {
                {"HTTP 500", "{status: 500}"},
                {"HTTP 429 + Retry-After", "{status: 429, retryAfter: 1}"},
                {"stream hangs mid-response", "{text: thinking, hangMidStream: true}"},
                {"malformed SSE chunk", "{text: thinking, malformedChunk: true}"},
                {"dropped connection", "{text: thinking, disconnect: true}"}};
        return Stream.of(agents).flatMap(a -> Stream.of(faults).map(f -> Arguments.of(a[0], a[1], f[0], f[1])));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("matrix")
    void recoversInBoundedTime(String agent, String model, String fault, String faultYaml) {
        String turn = faultYaml.startsWith("{text") ? "  - {text: thinking, fault: " + faultYaml.replace("text: thinking, ", "") + "}\n"
                : "  - {fault: " + faultYaml + "}\n";
        String script = "turns:\n" + turn + DemoScript.YAML.substring(DemoScript.YAML.indexOf("turns:") + 7);
        try (Scenario s = new Scenario(tmp, script)) {
            long t0 = System.nanoTime();
            Scenario.Outcome o = s.run(s.task(agent, model, "budgets: {turns: 12, wallClock: 3m}\nstall: {after: " + STALL.toSeconds() + "s}"));
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            var restart = o.events().stream().filter(e -> e.type().equals("recovery.started")).findFirst();
            String how = restart.map(e -> "restarted from the last checkpoint (" + e.text("reason") + ")")
                    .orElse(o.types().contains("model.retry") ? "gateway retried" : "the agent retried the request itself");
            System.out.printf("FAULT-ROW | %s | %s | %s | %s | %ds |%n", agent, fault, o.state().status(),
                    (o.state().reason() == null ? how : o.state().reason()).replace("|", "/"), took.toSeconds());
            assertThat(took).isLessThan(STALL.plusSeconds(30));
            assertThat(o.state().status()).as(o.state().reason()).isEqualTo(Status.SUCCEEDED);
            if (fault.startsWith("HTTP") && !agent.equals("builtin")) {
                // Transient HTTP errors are retried by the gateway before the agent sees them.
                assertThat(o.types()).contains("model.retry");
            }
            restart.ifPresent(e -> assertThat(e.text("kind")).isEqualTo("model"));
            assertThat(Scenario.containersOf(o.dir().runId())).isEmpty();
        }
    }
}
