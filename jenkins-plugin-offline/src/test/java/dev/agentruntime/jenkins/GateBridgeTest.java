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
 * agentApprove's run-directory half on a run directory made by a real run: the gate is opened once in approvals/ and
 * shown with who may decide; the first decision written stands, whether it came from the input (agentDecision), the
 * build page or {@code agent-runtime approve}; a controller restart finds the same gate again.
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
            assertThat(ApprovalBridge.standing(dir, id)).isNull();

            assertThat(dir.resolve("approvals/" + id + ".decision.json")).doesNotExist();
            Decided d = ApprovalBridge.decideOrRead(dir, id, true, "Alice", "branch reviewed");
            assertThat(d).isEqualTo(new Decided(true, "Alice", "branch reviewed"));
            assertThat(Json.MAPPER.readValue(dir.resolve("approvals/" + id + ".decision.json").toFile(), ApprovalDecision.class))
                    .extracting(ApprovalDecision::allowed, ApprovalDecision::by, ApprovalDecision::reason)
                    .containsExactly(true, "Alice", "branch reviewed");
            // A later answer (the build stopped, another user) leaves the first decision standing.
            assertThat(ApprovalBridge.decideOrRead(dir, id, false, "jenkins", "stopped: aborted")).isEqualTo(d);
            assertThat(ApprovalBridge.standing(dir, id)).isEqualTo(d);

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
            Decided denied = ApprovalBridge.standing(dir, id);
            assertThat(denied).isEqualTo(new Decided(false, "carol", "not before the release"));
            assertThat(denied.describe()).isEqualTo("deny by carol: not before the release");
            // the input that answers afterwards (someone clicked Proceed too late) gets the CLI's decision back
            assertThat(ApprovalBridge.decideOrRead(dir, id, true, "alice", null)).isEqualTo(denied);

            String other = GateBridge.open(dir, GateBridge.name("job#4", "Ship?"), "Ship?").request().getId();
            assertThat(other).isNotEqualTo(id);
            assertThat(ApprovalBridge.decideOrRead(dir, other, false, "jenkins", "stopped: build aborted"))
                    .isEqualTo(new Decided(false, "jenkins", "stopped: build aborted"));
            assertThatThrownBy(() -> ApprovalBridge.decideOrRead(dir, "gate-never-opened", false, "jenkins", "stopped"))
                    .isInstanceOf(dev.agentruntime.common.BadInputException.class);
            assertThat(ApprovalBridge.pending(dir)).isEmpty();
        }
    }

    @Test
    void afterARestartTheGateIsFoundAgainNotDuplicated() throws Exception {
        try (RealRun r = new RealRun(tmp, SCRIPT)) {
            Path dir = r.runs().resolve(r.run(r.task("")).runId());
            String name = GateBridge.name("job#7", "Ship?");
            GateOpened first = GateBridge.open(dir, name, "Ship?");
            String gateId = first.request().getId();

            // The controller restarts (the Groovy behind agentApprove calls agentGate again); meanwhile someone
            // decides on the node.
            assertThat(Main.execute("approve", dir.toString(), gateId, "--allow", "--as", "bob")).isZero();
            GateOpened again = GateBridge.open(dir, name, "Ship?");
            assertThat(again.request()).isEqualTo(first.request());
            try (var files = Files.list(dir.resolve("approvals"))) {
                assertThat(files.map(f -> f.getFileName().toString()))
                        .containsExactlyInAnyOrder(gateId + ".request.json", gateId + ".decision.json");
            }
            assertThat(again.runId()).isEqualTo(first.runId());
            assertThat(ApprovalBridge.standing(dir, gateId)).extracting(Decided::allowed, Decided::by).containsExactly(true, "bob");
        }
    }
}
