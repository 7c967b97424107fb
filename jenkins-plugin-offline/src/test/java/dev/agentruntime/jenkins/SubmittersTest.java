package dev.agentruntime.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Who may decide from the build page: only users named in the submitter list of the step that asks. */
class SubmittersTest {
    @Test
    void submitterListsMatchNamesCaseInsensitively() {
        assertThat(ApprovalBridge.mayDecide("ALICE", "bob, alice")).isTrue();
        assertThat(ApprovalBridge.mayDecide("alic", "alice")).isFalse();
        assertThat(ApprovalBridge.mayDecide("alice", "")).isFalse();
        assertThat(ApprovalBridge.mayDecide("alice", null)).isFalse();
        assertThat(ApprovalBridge.mayDecide(null, "alice")).isFalse();
    }

    @Test
    void aGateIsDecidedByAgentApprovesSubmitterAndTheRunsRequestsByAgentTasks() {
        AgentRunsAction action = new AgentRunsAction();
        PendingApproval ap = new PendingApproval("ap-0001", 1, "write", ".github/ci.yml", "write", "CI configuration", "", "2026-11-28T02:33:40Z");
        action.update("r1", "n1", "/runs/r1", "alice", "AWAITING_APPROVAL", java.util.List.of(ap));
        PendingApproval gate = new PendingApproval("gate-b12-ship", null, "gate", "Ship?", null, "pipeline gate", null, null);
        action.openGate("r1", "n1", "/runs/r1", "SUCCEEDED", gate, "carol");
        action.openGate("r1", "n1", "/runs/r1", "SUCCEEDED", gate, "carol"); // again after a restart: still one
        AgentRunsAction.Entry e = action.getRuns().get(0);
        assertThat(e.pending).containsExactly(ap, gate);
        assertThat(e.status).isEqualTo("SUCCEEDED");
        assertThat(e.submitterFor("gate-b12-ship")).isEqualTo("carol");
        assertThat(e.submitterFor("ap-0001")).isEqualTo("alice");
        action.closeGate("r1", "gate-b12-ship");
        assertThat(action.getRuns().get(0).pending).containsExactly(ap);

        action.openGate("r2", "n1", "/runs/r2", "HANDED_OFF", gate, null); // a run this build did not start
        assertThat(action.getRuns().get(1).decidersOf("gate-b12-ship")).startsWith("nobody");
        assertThat(action.getRuns().get(1).decidersOf("ap-0001")).startsWith("nobody");
    }
}
