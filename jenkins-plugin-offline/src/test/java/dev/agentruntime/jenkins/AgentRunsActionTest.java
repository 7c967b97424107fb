package dev.agentruntime.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The build page's record of a build's runs: which submitter decides what, and snapshots that never change under a reader. */
class AgentRunsActionTest {
    @Test
    void aGateIsDecidedByAgentApprovesSubmitterAndTheRunsRequestsByAgentTasks() {
        AgentRunsAction action = new AgentRunsAction();
        PendingApproval ap = new PendingApproval("ap-0001", 1, "write", ".github/ci.yml", "write", "CI configuration", "", "2026-11-28T02:33:40Z");
        action.update("r1", "n1", "/runs/r1", "alice", "AWAITING_APPROVAL", List.of(ap));
        PendingApproval gate = new PendingApproval("gate-b12-ship", null, "gate", "Ship?", null, "pipeline gate", null, null);
        action.openGate("r1", "n1", "/runs/r1", "SUCCEEDED", gate, "carol");
        action.openGate("r1", "n1", "/runs/r1", "SUCCEEDED", gate, "carol"); // again after a restart: still one
        AgentRunsAction.Entry e = action.getRuns().get(0);
        assertThat(e.getPending()).containsExactly(ap, gate);
        assertThat(e.getStatus()).isEqualTo("SUCCEEDED");
        assertThat(e.isEnded()).isTrue();
        assertThat(e.submitterFor("gate-b12-ship")).isEqualTo("carol");
        assertThat(e.submitterFor("ap-0001")).isEqualTo("alice");
        action.closeGate("r1", "gate-b12-ship");
        assertThat(action.getRuns().get(0).getPending()).containsExactly(ap);
        assertThat(e.getPending()).as("an entry once read never changes").containsExactly(ap, gate);

        action.openGate("r2", "", "/runs/r2", "HANDED_OFF", gate, null);
        assertThat(action.getRuns().get(1).getNode()).isEqualTo("built-in");
        assertThat(action.getRuns().get(1).submitterFor("gate-b12-ship")).isNull();
        assertThat(action.find("", "/runs/./r2")).isSameAs(action.getRuns().get(1));
        assertThat(action.find("n1", "/runs/r2")).as("another node's directory of the same name").isNull();
    }

    /** build.xml is written by Run#save on any thread without our lock: what it reads must never change under it. */
    @Test
    void updatesNeverChangeWhatAReaderHolds() throws Exception {
        AgentRunsAction action = new AgentRunsAction();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 20_000; i++) {
                PendingApproval p = new PendingApproval("ap-" + i, i, "write", "f", "write", "r", null, null);
                action.update("r" + (i % 7), "n", "/runs/r" + (i % 7), "alice", "RUNNING", List.of(p));
                action.openGate("r" + (i % 7), "n", "/runs/r" + (i % 7), "RUNNING", p, "bob");
                action.closeGate("r" + (i % 7), p.getId());
            }
        });
        writer.start();
        while (writer.isAlive()) {
            try {
                for (AgentRunsAction.Entry e : action.getRuns()) {
                    List<PendingApproval> copy = new ArrayList<>(e.getPending());
                    copy.forEach(p -> e.decidersOf(p.getId()));
                }
            } catch (Throwable t) {
                failure.set(t);
                break;
            }
        }
        writer.join();
        assertThat(failure.get()).isNull();
        assertThat(action.getRuns()).hasSize(7);
    }
}
