package dev.agentruntime.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.rundir.RunState;
import dev.agentruntime.rundir.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run that cannot make the tests pass hands off; the command in handoff.md continues it to success. */
@Tag("docker")
class HandoffTest {
    @TempDir
    Path tmp;

    static final String CANNOT = """
            turns:
              - calls: [{tool: edit, args: {path: calc.py, old: "    return a - b", new: "    return b - a"}}]
              - calls: [{tool: finish, args: {summary: "tried swapping"}}]
            """;
    static final String CAN = """
            turns:
              - calls: [{tool: edit, args: {path: calc.py, old: "    return b - a", new: "    return a + b"}}]
              - calls: [{tool: finish, args: {summary: "fixed add()"}}]
            """;

    @Test
    void handedOffThenContinuedOnTheSameBranch() throws Exception {
        try (Scenario first = new Scenario(tmp.resolve("first"), CANNOT)) {
            Scenario.Outcome o = first.run(first.task(""));
            assertThat(o.state().status()).as(o.state().reason()).isEqualTo(Status.HANDED_OFF);
            String handoff = Files.readString(o.dir().root().resolve("handoff.md"));
            assertThat(handoff).contains("tried swapping").contains("failing test")
                    .contains("agent-runtime run TASK_FILE --continue-from " + o.dir().runId());
            assertThat(o.dir().root().resolve("handoff.json")).exists();
            assertThat(first.remoteGit("show", "agent/fix-calc:calc.py")).contains("return b - a"); // the work is pushed

            // The resume command, with a model that can: same branch, success.
            try (var second = dev.agentruntime.model.ScriptedModelServer.start(dev.agentruntime.model.ModelScript.parse(CAN), 0)) {
                var task = dev.agentruntime.task.TaskSpecs.parse(first.yaml("builtin", "scripted", "")
                        .replace(first.model.baseUrl(), second.baseUrl()), "task", first.root);
                TaskRunner runner = new TaskRunner(RunOptions.defaults());
                RunDirectory dir = runner.create(task, first.runs(), null);
                runner.continueFrom(dir, o.dir());
                RunState end = runner.execute(dir, task);
                var events = dev.agentruntime.events.EventReader.readAll(dir.events());
                assertThat(end.status()).as(end.reason() + " " + events.stream().filter(e -> e.type().startsWith("tool") || e.type().startsWith("branch"))
                        .map(e -> e.type() + e.data()).toList()).isEqualTo(Status.SUCCEEDED);
                assertThat(end.branch()).isEqualTo("agent/fix-calc");
                assertThat(first.remoteGit("show", "agent/fix-calc:calc.py")).contains("return a + b");
                assertThat(first.remoteGit("rev-list", "--count", "agent/fix-calc~2..agent/fix-calc").strip()).isEqualTo("2");
            }
        }
    }
}
