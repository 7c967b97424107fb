package dev.agentruntime.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruntime.events.Event;
import dev.agentruntime.rundir.Status;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Quiet-but-working is not hung; the same call over and over is a loop. (A hung stream: AgentFaultMatrixTest.) */
@Tag("docker")
class AgentStallTest {
    @TempDir
    Path tmp;

    @Test
    void aLongRunningChildIsWorkNotAHang() {
        String script = """
                turns:
                  - calls: [{tool: shell, args: {command: "python3 -c 'import time; time.sleep(60); print(\\"slept\\")'"}}]
                  - calls: [{tool: write, args: {path: done.txt, content: "done"}}]
                  - calls: [{tool: finish, args: {summary: "waited for the long command"}}]
                """;
        try (Scenario s = new Scenario(tmp, script)) {
            Scenario.Outcome o = s.run(s.task("claude-code", "claude-sonnet-4-5", "verify: [\"test -f done.txt\"]\nstall: {after: 20s}"));
            assertThat(o.state().status()).as(o.state().reason()).isEqualTo(Status.SUCCEEDED);
            List<Event> quiet = o.events().stream().filter(e -> e.type().equals("agent.quiet")).toList();
            assertThat(quiet).isNotEmpty();
            assertThat(quiet.get(0).text("classification")).isEqualTo("working");
            assertThat(quiet.get(0).data().get("processes").toString()).contains("time.sleep(60)");
            assertThat(o.types()).doesNotContain("agent.stalled");
            assertThat(o.events().stream().filter(e -> e.type().equals("tool.result")).findFirst().orElseThrow().text("outputTail"))
                    .contains("slept");
        }
    }

    @Test
    void theSameCallOverAndOverIsALoop() {
        String script = """
                repeatLast: true
                turns:
                  - calls: [{tool: shell, args: {command: "echo trying the same thing"}}]
                """;
        try (Scenario s = new Scenario(tmp, script)) {
            Scenario.Outcome o = s.run(s.task("codex", "gpt-5.5", "budgets: {turns: 30}\nstall: {after: 60s, loopRepeats: 4}"));
            assertThat(o.state().status()).isEqualTo(Status.FAILED);
            assertThat(o.state().reason()).contains("agent looping").contains("4 times in a row");
            Event stalled = o.events().stream().filter(e -> e.type().equals("agent.stalled")).findFirst().orElseThrow();
            assertThat(stalled.text("classification")).isEqualTo("looping");
            assertThat(o.events().stream().filter(e -> e.type().equals("tool.call")).count()).isBetween(4L, 6L);
        }
    }
}
