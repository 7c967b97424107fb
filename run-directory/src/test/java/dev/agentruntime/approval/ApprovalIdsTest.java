package dev.agentruntime.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentruntime.common.BadInputException;
import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.rundir.RunState;
import dev.agentruntime.rundir.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A request id from a controller (a build page POST, a Pipeline step) can never name a file outside approvals/. */
class ApprovalIdsTest {
    @TempDir
    Path tmp;

    @Test
    void aDecisionCannotBeWrittenIntoAnotherRunThroughItsId() throws Exception {
        RunDirectory mine = run("20261129-000000-000-aaaaaa");
        RunDirectory other = run("20261129-000000-001-bbbbbb");
        String gate = new Approvals(other).openGate("job#1 Ship?", "Ship?").id();
        String escape = "../../" + other.runId() + "/approvals/" + gate;
        assertThat(Files.exists(mine.root().resolve("approvals").resolve(escape + ".request.json").normalize())).isTrue();

        assertThatThrownBy(() -> new Approvals(mine).decide(escape, true, "mallory", null))
                .isInstanceOf(BadInputException.class).hasMessageContaining("is not an approval request id");
        assertThatThrownBy(() -> new Approvals(mine).decision(escape)).isInstanceOf(BadInputException.class);
        assertThat(new Approvals(other).decision(gate)).isEmpty();
        for (String bad : new String[] {"..", "a/../b", "/etc/passwd", "a\\b", "", "-x", "ap 1"}) {
            assertThatThrownBy(() -> new Approvals(mine).decide(bad, false, "x", null)).as(bad).isInstanceOf(BadInputException.class);
        }
        // ids the runtime and the gates use pass
        assertThat(new Approvals(other).decide(gate, true, "alice", "ok").by()).isEqualTo("alice");
    }

    private RunDirectory run(String id) {
        RunDirectory dir = RunDirectory.create(tmp, id);
        Instant now = Instant.now();
        dir.writeState(new RunState(1, dir.runId(), "t", Status.SUCCEEDED, null, now, now, "r", null, null, "builtin",
                null, 1L, "h", null, null, false, null));
        return dir;
    }
}
