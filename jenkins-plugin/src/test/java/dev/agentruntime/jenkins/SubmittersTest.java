package dev.agentruntime.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Who may decide an approval from the build page: only users named in agentTask's submitter list. */
class SubmittersTest {
    @Test
    void submitterListsMatchNamesCaseInsensitively() {
        assertThat(ApprovalBridge.mayDecide("ALICE", "bob, alice")).isTrue();
        assertThat(ApprovalBridge.mayDecide("alic", "alice")).isFalse();
        assertThat(ApprovalBridge.mayDecide("alice", "")).isFalse();
        assertThat(ApprovalBridge.mayDecide("alice", null)).isFalse();
        assertThat(ApprovalBridge.mayDecide(null, "alice")).isFalse();
    }
}
