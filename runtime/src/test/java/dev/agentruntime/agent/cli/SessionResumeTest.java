package dev.agentruntime.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruntime.agent.Agent;
import dev.agentruntime.agent.AgentContext;
import dev.agentruntime.agent.AgentResult;
import dev.agentruntime.agent.Budget;
import dev.agentruntime.demo.ExampleRepo;
import dev.agentruntime.events.Event;
import dev.agentruntime.events.EventLog;
import dev.agentruntime.events.EventReader;
import dev.agentruntime.git.Workspace;
import dev.agentruntime.model.ModelScript;
import dev.agentruntime.model.ScriptedModelServer;
import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.rundir.RunId;
import dev.agentruntime.run.Agents;
import dev.agentruntime.sandbox.Docker;
import dev.agentruntime.sandbox.Sandbox;
import dev.agentruntime.sandbox.SandboxConfig;
import dev.agentruntime.task.Budgets;
import dev.agentruntime.task.TaskSpec;
import dev.agentruntime.task.TaskSpecs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A run stopped after its first turn is resumed through the agent's native session: the model then sees the
 * earlier history, and the same session id continues.
 */
@Tag("docker")
class SessionResumeTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @CsvSource({"opencode, scripted-model", "codex, gpt-5.5", "claude-code, claude-sonnet-4-5"})
    void resumesTheNativeSessionWithItsHistory(String agentName, String model) throws Exception {
        String marker = "MARKER-" + System.nanoTime();
        String script = """
                turns:
                  - calls: [{tool: shell, args: {command: "echo %s"}}]
                  - calls: [{tool: write, args: {path: resumed.txt, content: "resumed"}}]
                  - calls: [{tool: finish, args: {summary: "done after resume"}}]
                """.formatted(marker);
        ExampleRepo.Generated repo = ExampleRepo.calculator(tmp.resolve("repo"));
        try (ScriptedModelServer server = ScriptedModelServer.start(ModelScript.parse(script), 0)) {
            TaskSpec task = TaskSpecs.parse("""
                    repo: %s
                    agent: %s
                    instructions: Do the thing.
                    model: {baseUrl: "%s", model: %s}
                    stall: {after: 60s}
                    """.formatted(repo.url(), agentName, server.baseUrl(), model), "t", tmp);
            RunDirectory dir = RunDirectory.create(tmp.resolve("runs"), RunId.next());
            Files.createDirectories(dir.socketDir());
            Workspace.cloneRepo(repo.url(), dir.workspace(), null).createBranch("agent/resume");
            Docker docker = new Docker();
            Agent agent = Agents.standard().get(agentName);
            try (Sandbox sandbox = Sandbox.create(docker, new SandboxConfig(dir.runId(), TaskSpec.DEFAULT_IMAGE, dir.workspace(),
                    dir.agentHome(), "2g", 1.0, 512, true, Map.of(), dir.socketDir()));
                 EventLog log = EventLog.open(dir.events(), dir.runId())) {
                // First attempt: one turn only, then the gateway refuses and the agent is stopped.
                AgentResult first = agent.run(new AgentContext(task, sandbox, log, new Budget(new Budgets(Duration.ofMinutes(3), 1, 1_000_000L)),
                        null, () -> false, dir, null, dev.agentruntime.agent.ActionGate.ALLOW_ALL));
                assertThat(first.outcome()).isEqualTo(AgentResult.Outcome.BUDGET_EXCEEDED);
                List<Event> events = EventReader.readAll(dir.events());
                String session = events.stream().filter(e -> e.type().equals("agent.session")).reduce((a, b) -> b).orElseThrow().text("sessionId");
                int requestsBefore = server.requests().size();

                AgentResult second = agent.run(new AgentContext(task, sandbox, log, new Budget(new Budgets(Duration.ofMinutes(3), 10, 1_000_000L)),
                        null, () -> false, dir, session, dev.agentruntime.agent.ActionGate.ALLOW_ALL));
                assertThat(second.outcome()).as(second.reason()).isEqualTo(AgentResult.Outcome.FINISHED);
                assertThat(dir.workspace().resolve("resumed.txt")).hasContent("resumed");
                // The model saw the first attempt's tool output in the resumed session's first real turn.
                var resumed = server.requests().subList(requestsBefore, server.requests().size()).stream()
                        .filter(r -> r.body().path("tools").size() > 0).findFirst().orElseThrow();
                assertThat(resumed.body().toString()).contains(marker);
                List<Event> after = EventReader.readAll(dir.events());
                assertThat(after.stream().filter(e -> e.type().equals("agent.exit")).reduce((a, b) -> b).orElseThrow().text("sessionId"))
                        .isEqualTo(session);
            } finally {
                Files.deleteIfExists(dir.socketDir().resolve("model.sock"));
                Files.deleteIfExists(dir.socketDir());
            }
        }
    }
}
