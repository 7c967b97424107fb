package dev.agentruntime.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruntime.demo.DemoScript;
import dev.agentruntime.demo.ExampleRepo;
import dev.agentruntime.events.Event;
import dev.agentruntime.rundir.Status;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The real agent CLIs, headless in the sandbox, fix the failing test with the same agent-neutral script. */
@Tag("docker")
class CliAgentsTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @CsvSource({"opencode, scripted-model", "codex, gpt-5.5", "claude-code, claude-sonnet-4-5"})
    void fixesTheFailingTestLikeTheBuiltinAgent(String agent, String model) {
        try (Scenario s = new Scenario(tmp, DemoScript.YAML)) {
            Scenario.Outcome o = s.run(s.task(agent, model, "budgets: {turns: 10, wallClock: 3m}\nstall: {after: 60s}"));
            assertThat(o.state().status()).as(o.state().reason()).isEqualTo(Status.SUCCEEDED);
            assertThat(s.remoteGit("show", "agent/fix-calc:calc.py")).contains(ExampleRepo.FIXED_LINE);
            List<Event> calls = o.events().stream().filter(e -> e.type().equals("tool.call")).toList();
            assertThat(calls).extracting(e -> e.text("kind")).contains("shell", "edit");
            assertThat(o.types()).contains("tool.result", "agent.usage", "agent.session", "model.request", "agent.exit");
            assertThat(o.events().stream().filter(e -> e.type().equals("turn.started")).count()).isEqualTo(5);

            // Usage: what the gateway counted equals what the scripted model served, and the report carries it.
            long[] served = s.model.servedUsage();
            Event exit = o.events().stream().filter(e -> e.type().equals("agent.exit")).findFirst().orElseThrow();
            var gw = exit.data().get("gatewayUsage");
            assertThat(new long[] {gw.get("input").asLong(), gw.get("output").asLong(), gw.get("cached").asLong()}).containsExactly(served);
            assertThat(o.report().get("usage").get("totalTokens").asLong()).isEqualTo(served[0] + served[1]);
            // The agent's own report agrees, except for side requests it does not count (OpenCode's title).
            var reported = exit.data().get("reportedUsage");
            assertThat(reported.get("output").asLong()).isPositive().isLessThanOrEqualTo(served[1]);
            if (!agent.equals("opencode")) {
                assertThat(reported.get("input").asLong()).isEqualTo(served[0]);
                assertThat(reported.get("output").asLong()).isEqualTo(served[1]);
            }
            assertThat(o.dir().agentOutput().resolve(agent + "-1.jsonl")).isNotEmptyFile();
            if (agent.equals("claude-code")) assertThat(o.report().get("usage").get("costUsd").asDouble()).isPositive();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"opencode, scripted-model, Authorization, 'Bearer '", "codex, gpt-5.5, Authorization, 'Bearer '",
            "claude-code, claude-sonnet-4-5, x-api-key, ''"})
    void theGatewayAddsTheRealKeyWhichNeverEntersTheSandbox(String agent, String model, String header, String prefix) throws Exception {
        String secret = "sk-real-" + System.nanoTime();
        String script = """
                turns:
                  - calls: [{tool: shell, args: {command: "env | sort; cat /proc/*/environ 2>/dev/null | tr '\\\\0' '\\\\n' | sort -u"}}]
                  - calls: [{tool: write, args: {path: key-check.txt, content: "checked"}}]
                  - calls: [{tool: finish, args: {summary: "checked the environment"}}]
                """;
        try (Scenario s = new Scenario(tmp, script)) {
            RunOptions withKey = new RunOptions(Agents.standard(), java.util.Map.of(), n -> n.equals("TEST_MODEL_KEY") ? secret : null);
            Scenario.Outcome o = s.run(s.task(agent, model, "apiKeyEnv: yes\nverify: [\"true\"]"), withKey);
            assertThat(o.state().status()).as(o.state().reason()).isEqualTo(Status.SUCCEEDED);
            assertThat(s.model.requests()).isNotEmpty().allMatch(r -> (prefix + secret).equals(r.header(header)));
            String env = o.events().stream().filter(e -> e.type().equals("tool.result")).findFirst().orElseThrow().text("outputTail");
            assertThat(env).contains("HOME=/home/agent").doesNotContain(secret);
            for (Path f : Scenario.filesOf(o.dir()).stream().filter(p -> !p.toString().contains("/.git/")).toList()) {
                assertThat(java.nio.file.Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain(secret);
            }
        }
    }
}
