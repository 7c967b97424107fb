package dev.agentruntime.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentruntime.approval.ApprovalDecision;
import dev.agentruntime.events.Event;
import dev.agentruntime.events.EventReader;
import dev.agentruntime.rundir.RunState;
import dev.agentruntime.rundir.Status;
import dev.agentruntime.common.BadInputException;
import dev.agentruntime.common.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real run asks before writing CI configuration (the default policy); the controller side finds the request,
 * shows it once, refuses someone not in the submitter list, and writes the decision the runtime then acts on.
 */
@Tag("docker")
class ApprovalBridgeTest {
    static final String SCRIPT = """
            turns:
              - calls: [{tool: write, args: {path: .github/workflows/ci.yml, content: "on: push\\n"}}]
              - calls: [{tool: edit, args: {path: calc.py, old: "    return a - b", new: "    return a + b"}}]
              - calls: [{tool: finish, args: {summary: "fixed add() and added CI"}}]
            """;

    @TempDir
    Path tmp;

    @Test
    void aPendingRequestIsShownOnceAndAnsweredByAnAllowedSubmitter() throws Exception {
        try (RealRun r = new RealRun(tmp, SCRIPT)) {
            RealRun.Live live = r.start(r.task(""));
            Path dir = live.dir().root();
            TaskRunState state = new TaskRunState("", dir.toString(), live.dir().runId(), "c");
            List<PendingApproval> announced = List.of();
            RunPoll poll;
            do { // like agentTask's poll loop, until the run waits for a human
                Thread.sleep(50);
                poll = RunPoll.poll(dir, state.tail());
                announced = state.advance(poll);
            } while (announced.isEmpty() && !poll.ended());
            // The request file is written just before state.json says so.
            for (int i = 0; i < 100 && !"AWAITING_APPROVAL".equals(poll.status()); i++) {
                Thread.sleep(50);
                poll = RunPoll.poll(dir, state.tail());
            }
            assertThat(poll.status()).isEqualTo("AWAITING_APPROVAL");
            PendingApproval p = announced.get(0);
            assertThat(p.getId()).isEqualTo("ap-0001");
            assertThat(p.getSubject()).isEqualTo(".github/workflows/ci.yml");
            assertThat(p.getReason()).isEqualTo("CI configuration");
            assertThat(ApprovalBridge.describe(p, live.dir().runId())).first().asString()
                    .contains("APPROVAL NEEDED ap-0001").contains("write .github/workflows/ci.yml");
            // Until it is handed to an input it comes back with every poll; once announced, never again — also after
            // a controller restart (the execution's serialised state) and across agentTask's Groovy (the handle).
            assertThat(state.advance(RunPoll.poll(dir, state.tail()))).extracting(PendingApproval::getId).containsExactly("ap-0001");
            state.announce(p);
            assertThat(state.advance(RunPoll.poll(dir, state.tail()))).isEmpty();
            state = EventTailRestartTest.restart(state);
            assertThat(state.advance(RunPoll.poll(dir, state.tail()))).isEmpty();
            state = TaskRunState.fromHandle(state.handle());
            assertThat(state.advance(RunPoll.poll(dir, state.tail()))).isEmpty();
            assertThat(state.runId()).isEqualTo(live.dir().runId());

            // Who may decide is the controller's question (Deciders, tested in a real Jenkins); the node records.
            assertThat(dir.resolve("approvals/ap-0001.decision.json")).doesNotExist();
            ApprovalDecision d = ApprovalBridge.decide(dir, "ap-0001", true, "Alice", "CI change reviewed");
            assertThat(d.by()).isEqualTo("Alice");
            ApprovalDecision written = Json.MAPPER.readValue(dir.resolve("approvals/ap-0001.decision.json").toFile(), ApprovalDecision.class);
            assertThat(written.decision()).isEqualTo("allow");
            assertThat(written.reason()).isEqualTo("CI change reviewed");
            // The first decision wins, as with agent-runtime approve.
            assertThatThrownBy(() -> ApprovalBridge.decide(dir, "ap-0001", false, "bob", null))
                    .isInstanceOf(BadInputException.class).hasMessageContaining("already decided");

            RunState end = live.end().join();
            assertThat(end.status()).as(end.reason()).isEqualTo(Status.SUCCEEDED);
            Event decided = EventReader.readAll(live.dir().events()).stream().filter(e -> e.type().equals("approval.decided")).findFirst().orElseThrow();
            assertThat(decided.actor()).isEqualTo("Alice");
            assertThat(decided.text("decision")).isEqualTo("allow");
            assertThat(ApprovalBridge.pending(dir)).isEmpty();
            assertThat(Files.readString(live.dir().reportMd())).contains("| Alice |");
        }
    }
}
