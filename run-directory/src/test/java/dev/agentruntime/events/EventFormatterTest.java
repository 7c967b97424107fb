package dev.agentruntime.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentruntime.common.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Checkpoints and recovery read as sentences in the build log and the report, not as raw JSON. */
class EventFormatterTest {
    private static Event event(String type, ObjectNode data) {
        return new Event(1, 7, Instant.parse("2026-11-29T12:00:00Z"), "r", 2, type, "runtime", null, data, null);
    }

    @Test
    void checkpointsAndRecoveryAreDescribedInWords() {
        assertThat(EventFormatter.describe(event("checkpoint.created", Json.object().put("seq", 2).put("beforeTurn", 3)
                .put("commit", "2698ce98f0bc99bfe1049abd64c01c2c7585b107").put("bundleBytes", 627).put("millis", 48))))
                .isEqualTo("checkpoint 2 before turn 3 (2698ce98f0bc, 627 bytes bundled in 48 ms)");
        assertThat(EventFormatter.describe(event("checkpoint.refused", Json.object().put("beforeTurn", 4)
                .put("reason", "a changed file holds a task secret")))).isEqualTo("no checkpoint before turn 4: a changed file holds a task secret");
        assertThat(EventFormatter.describe(event("recovery.started", Json.object().put("kind", "sandbox").put("phase", "verifying")
                .put("attempt", 1).put("reason", "container gone")))).isEqualTo("recovering (sandbox, verifying, attempt 1): container gone");
        assertThat(EventFormatter.describe(event("recovery.finished", Json.object().put("kind", "agent").put("beforeTurn", 3))))
                .isEqualTo("recovered (agent) from the checkpoint before turn 3");
        assertThat(EventFormatter.describe(event("run.resumed", Json.object().put("previousStatus", "RUNNING").put("previousPid", 41)
                .put("previousHost", "node-1")))).isEqualTo("resumed (was RUNNING, pid 41 on node-1)");
        // an event type this version does not know is still shown, with its data
        assertThat(EventFormatter.describe(event("future.thing", Json.object().put("x", 1)))).isEqualTo("future.thing {\"x\":1}");
        assertThat(EventFormatter.format(event("recovery.exhausted", Json.object().put("restarts", 2).put("reason", "lost again"))))
                .endsWith(" [turn 2] no restart left after 2: lost again");
    }
}
