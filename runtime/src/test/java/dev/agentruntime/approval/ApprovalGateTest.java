package dev.agentruntime.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentruntime.cli.Main;
import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.rundir.RunId;
import dev.agentruntime.rundir.RunState;
import dev.agentruntime.rundir.Status;
import dev.agentruntime.common.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pipeline gates in a run's approvals directory: opened once under a stable id, decided like any request. */
class ApprovalGateTest {
    @TempDir
    Path tmp;

    RunDirectory endedRun() {
        RunDirectory dir = RunDirectory.create(tmp, RunId.next());
        Instant now = Instant.now();
        dir.writeState(new RunState(1, dir.runId(), "t", Status.SUCCEEDED, null, now, now, "r", "main", "agent/t", "builtin",
                null, 1L, "h", 3, "abc", true, null));
        return dir;
    }

    @Test
    void gateIdsAreStableShortSlugs() {
        assertThat(Approvals.gateId("nightly#12 Ship it?")).isEqualTo("gate-nightly-12-ship-it");
        assertThat(Approvals.gateId("???")).isEqualTo("gate-unnamed");
        String a = Approvals.gateId("nightly#12 Open a pull request for billing (branch agent/junit5-billing)?");
        String b = Approvals.gateId("nightly#12 Open a pull request for billing (branch agent/junit5-ledger)?");
        assertThat(a).hasSizeLessThanOrEqualTo(48).matches("gate-[a-z0-9-]+").isNotEqualTo(b)
                .isEqualTo(Approvals.gateId("nightly#12 Open a pull request for billing (branch agent/junit5-billing)?"));
    }

    @Test
    void aGateIsOpenedOnceAndDecidedLikeAnyRequest() throws Exception {
        RunDirectory dir = endedRun();
        Approvals approvals = new Approvals(dir);
        ApprovalRequest gate = approvals.openGate("b1 ship", "Ship it?");
        assertThat(gate.id()).isEqualTo("gate-b1-ship");
        assertThat(gate.isGate()).isTrue();
        assertThat(gate.runId()).isEqualTo(dir.runId());
        assertThat(gate.turn()).isNull();
        assertThat(gate.timeoutAt()).isNull();
        assertThat(gate.reason()).isEqualTo("pipeline gate");
        Path file = dir.approvals().resolve("gate-b1-ship.request.json");
        String written = Files.readString(file);
        assertThat(written).contains("\"action\" : \"gate\"", "\"subject\" : \"Ship it?\"").doesNotContain("timeoutAt", "turn", "gate\" : ");

        // Opening it again (a restarted controller) returns the same request and leaves the file alone.
        assertThat(approvals.openGate("b1 ship", "Ship it?")).isEqualTo(gate);
        assertThat(Files.readString(file)).isEqualTo(written);
        assertThat(approvals.pending()).containsExactly(gate);
        assertThat(gate.describe()).isEqualTo("gate-b1-ship  gate Ship it?  (pipeline gate; no timeout)");

        // The CLI decides it as it decides the policy's requests; the first decision wins.
        assertThat(Main.execute("approve", dir.root().toString(), gate.id(), "--allow", "--as", "carol", "--reason", "looks good")).isZero();
        ApprovalDecision d = approvals.decision(gate.id()).orElseThrow();
        assertThat(d.allowed()).isTrue();
        assertThat(d.by()).isEqualTo("carol");
        assertThatThrownBy(() -> approvals.decide(gate.id(), false, "dave", null)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("already decided: allow by carol");
        assertThat(approvals.pending()).isEmpty();
        assertThat(approvals.openGate("b1 ship", "Ship it?")).isEqualTo(gate);
        // Nothing but the approvals files: events.jsonl is the runtime's.
        assertThat(dir.events()).doesNotExist();
    }

    @Test
    void aGateNeedsARunDirectoryAndAMessage() {
        assertThatThrownBy(() -> new Approvals(new RunDirectory(tmp.resolve("nope"))).openGate("x", "Ship?"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("not a run directory");
        assertThatThrownBy(() -> new Approvals(endedRun()).openGate("x", " ")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("message");
    }
}
