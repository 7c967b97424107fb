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
            o.events().forEach(e -> System.out.println("EVT " + dev.agentruntime.events.EventFormatter.format(e)));
            assertThat(o.state().status()).as(o.state().reason()).isEqualTo(Status.SUCCEEDED);
            assertThat(s.remoteGit("show", "agent/fix-calc:calc.py")).contains(ExampleRepo.FIXED_LINE);
            List<Event> calls = o.events().stream().filter(e -> e.type().equals("tool.call")).toList();
            assertThat(calls).extracting(e -> e.text("kind")).contains("shell", "edit");
            assertThat(o.types()).contains("tool.result", "agent.usage", "agent.session", "model.request", "agent.exit");
        }
    }
}
