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
 * Every agent against every model fault: each run ends within the stall threshold plus 30 s with a classified
 * outcome. The printed rows are the table in docs/agents.md.
 */
@Tag("docker")
class AgentFaultMatrixTest {
    static final Duration STALL = Duration.ofSeconds(10);

    @TempDir
    Path tmp;

    static Stream<Arguments> matrix() {
        String[][] agents = {{"opencode", "scripted-model"}, {"codex", "gpt-5.5"}, {"claude-code", "claude-sonnet-4-5"}};
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
    void endsInBoundedTimeWithAClassifiedOutcome(String agent, String model, String fault, String faultYaml) {
        String turn = faultYaml.startsWith("{text") ? "  - {text: thinking, fault: " + faultYaml.replace("text: thinking, ", "") + "}\n"
                : "  - {fault: " + faultYaml + "}\n";
        String script = "turns:\n" + turn + DemoScript.YAML.substring(DemoScript.YAML.indexOf("turns:") + 7);
        try (Scenario s = new Scenario(tmp, script)) {
            long t0 = System.nanoTime();
            Scenario.Outcome o = s.run(s.task(agent, model, "budgets: {turns: 12, wallClock: 3m}\nstall: {after: " + STALL.toSeconds() + "s}"));
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            String reason = o.state().reason() == null ? "" : o.state().reason();
            System.out.printf("FAULT-ROW | %s | %s | %s | %s | %ds |%n", agent, fault, o.state().status(),
                    reason.isEmpty() ? "recovered" : reason.replace("|", "/"), took.toSeconds());
            assertThat(took).isLessThan(STALL.plusSeconds(30));
            assertThat(o.state().status()).isIn(Status.SUCCEEDED, Status.FAILED);
            if (o.state().status() == Status.FAILED) {
                assertThat(reason).containsAnyOf("agent hung", "model endpoint failing", "exited", " failed: ", "agent looping", "verification failed",
                        "without changing");
            }
            if (fault.startsWith("HTTP")) {
                // Transient HTTP errors are retried by the gateway before the agent sees them.
                assertThat(o.state().status()).as(reason).isEqualTo(Status.SUCCEEDED);
                assertThat(o.types()).contains("model.retry");
            }
            if (fault.contains("hangs")) {
                assertThat(o.state().status()).isEqualTo(Status.FAILED);
                assertThat(reason).contains("agent hung");
            }
            assertThat(Scenario.containersOf(o.dir().runId())).isEmpty();
        }
    }
}
