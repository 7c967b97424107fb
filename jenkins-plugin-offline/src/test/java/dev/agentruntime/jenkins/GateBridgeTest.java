package dev.agentruntime.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentruntime.approval.ApprovalDecision;
import dev.agentruntime.approval.ApprovalRequest;
import dev.agentruntime.cli.Main;
import dev.agentruntime.rundir.RunState;
import dev.agentruntime.rundir.Status;
import dev.agentruntime.common.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * agentApprove on a run directory made by a real run: the gate is opened once in approvals/, shown with who may decide,
 * refused to users outside the submitter list, decided from the build page or with {@code agent-runtime approve}, and
 * the poll turns the decision into the step's value or failure. Also across a controller restart.
 */
@Tag("docker")
class GateBridgeTest {
    static final String SCRIPT = """
            turns:
              - calls: [{tool: edit, args: {path: calc.py, old: "    return a - b", new: "    return a + b"}}]
              - calls: [{tool: finish, args: {summary: "fixed add()"}}]
            """;

    @TempDir
    Path tmp;

    @Test
    void aGateIsOpenedOnceAndDecidedByAnAllowedSubmitter() throws Exception {
        try (RealRun r = new RealRun(tmp, SCRIPT)) {
            RunState end = r.run(r.task(""));
            assertThat(end.status()).as(end.reason()).isEqualTo(Status.SUCCEEDED);
            Path dir = r.runs().resolve(end.runId());
            byte[] events = Files.readAllBytes(dir.resolve("events.jsonl"));

            String name = GateBridge.name("nightly#12", "Open a pull request for billing?");
            GateOpened g = GateBridge.open(dir, name, "Open a pull request for billing?");
            String id = g.request().getId();
            assertThat(id).isEqualTo("gate-nightly-12-open-a-pull-request-for-billing");
            assertThat(g.runId()).isEqualTo(end.runId());
            assertThat(g.status()).isEqualTo("SUCCEEDED");
            Path request = dir.resolve("approvals/" + id + ".request.json");
            ApprovalRequest written = Json.MAPPER.readValue(request.toFile(), ApprovalRequest.class);
            assertThat(written.action()).isEqualTo("gate");
            assertThat(written.subject()).isEqualTo("Open a pull request for billing?");
            assertThat(written.timeoutAt()).isNull();
            assertThat(GateBridge.describe(g, dir.toString(), "", "alice, bob")).hasSize(3)
                    .anySatisfy(l -> assertThat(l).contains("Agent runs", "alice, bob"))
                    .anySatisfy(l -> assertThat(l).contains("on node built-in: agent-runtime approve " + dir + " " + id + " --allow|--deny"));
            // agentTask's poll would show it too, without a timeout
            assertThat(ApprovalBridge.describe(ApprovalBridge.pending(dir).get(0), end.runId()).get(2)).contains("waits until someone decides");

            // Opened again (a controller restart): the same request, the file untouched, nothing duplicated.
            String before = Files.readString(request);
            assertThat(GateBridge.open(dir, name, "Open a pull request for billing?")).isEqualTo(g);
            assertThat(Files.readString(request)).isEqualTo(before);
            assertThat(ApprovalBridge.pending(dir)).extracting(PendingApproval::getId).containsExactly(id);
            assertThat(GateBridge.poll(dir, id)).isNull();

            assertThat(dir.resolve("approvals/" + id + ".decision.json")).doesNotExist();
            ApprovalDecision d = ApprovalBridge.decide(dir, id, true, "Alice", "branch reviewed");
            assertThat(Json.MAPPER.readValue(dir.resolve("approvals/" + id + ".decision.json").toFile(), ApprovalDecision.class))
                    .isEqualTo(d).extracting(ApprovalDecision::by).isEqualTo("Alice");
            assertThat(GateBridge.poll(dir, id)).isEqualTo(new GateOutcome(true, "Alice", "branch reviewed"));
            // A stop after the decision leaves it standing.
            assertThat(GateBridge.stop(dir, id, "stopped: aborted")).isEqualTo(new GateOutcome(true, "Alice", "branch reviewed"));

            // The runtime's record is untouched: no event appended, the chain still verifies.
            assertThat(Files.readAllBytes(dir.resolve("events.jsonl"))).isEqualTo(events);
            assertThat(Main.execute("audit", "verify", dir.toString())).isZero();
        }
    }

    @Test
    void theCliDeniesAGateAndAStoppedBuildDeniesAsJenkins() throws Exception {
        try (RealRun r = new RealRun(tmp, SCRIPT)) {
            Path dir = r.runs().resolve(r.run(r.task("")).runId());
            String id = GateBridge.open(dir, GateBridge.name("job#3", "Ship?"), "Ship?").request().getId();
            assertThat(Main.execute("approve", dir.toString(), id, "--deny", "--as", "carol", "--reason", "not before the release")).isZero();
            GateOutcome denied = GateBridge.poll(dir, id);
            assertThat(denied.allowed()).isFalse();
            assertThat(denied.failure()).isEqualTo("agentApprove: denied by carol: not before the release");

            String other = GateBridge.open(dir, GateBridge.name("job#4", "Ship?"), "Ship?").request().getId();
            assertThat(other).isNotEqualTo(id);
            assertThat(GateBridge.stop(dir, other, "stopped: build aborted")).isEqualTo(new GateOutcome(false, "jenkins", "stopped: build aborted"));
            assertThat(GateBridge.poll(dir, other).failure()).isEqualTo("agentApprove: denied by jenkins: stopped: build aborted");
            assertThat(GateBridge.stop(dir, "gate-never-opened", "stopped")).isNull();
            assertThat(ApprovalBridge.pending(dir)).isEmpty();
        }
    }

    @Test
    void afterARestartTheGateIsFoundAgainNotDuplicated() throws Exception {
        try (RealRun r = new RealRun(tmp, SCRIPT)) {
            Path dir = r.runs().resolve(r.run(r.task("")).runId());
            GateRunState state = new GateRunState("", dir.toString(), GateBridge.name("job#7", "Ship?"), "Ship?", "alice");
            GateOpened first = GateBridge.open(dir, state.name(), state.message());
            assertThat(first.request().getId()).isEqualTo(state.gateId());

            // The controller restarts; meanwhile someone decides on the node.
            GateRunState resumed = EventTailRestartTest.serialiseRoundTrip(state);
            assertThat(Main.execute("approve", dir.toString(), state.gateId(), "--allow", "--as", "bob")).isZero();

            GateOpened again = GateBridge.open(dir, resumed.name(), resumed.message());
            assertThat(again.request()).isEqualTo(first.request());
            try (var files = Files.list(dir.resolve("approvals"))) {
                assertThat(files.map(f -> f.getFileName().toString()))
                        .containsExactlyInAnyOrder(state.gateId() + ".request.json", state.gateId() + ".decision.json");
            }
            assertThat(resumed.runId()).isEqualTo(again.runId());
            assertThat(resumed.submitter()).isEqualTo("alice");
            assertThat(GateBridge.poll(dir, resumed.gateId())).extracting(GateOutcome::allowed, GateOutcome::by).containsExactly(true, "bob");
        }
    }
}
