package dev.agentruntime.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class BranchNamesTest {
    @Test
    void rendersPlaceholders() {
        assertThat(BranchNames.render("agent/{taskId}/{runId}", "t1", "r1")).isEqualTo("agent/t1/r1");
    }

    @Test
    void sanitisesToValidRefs() {
        assertThat(BranchNames.sanitise("agent/Fix bug #12: crash?")).isEqualTo("agent/Fix-bug-#12-crash-");
        assertThat(BranchNames.sanitise("agent/../x..y")).isEqualTo("agent/x.y");
        assertThat(BranchNames.sanitise("/.hidden//name.lock/")).isEqualTo("hidden/name");
        assertThat(BranchNames.sanitise("a@{b}~^[c]\\")).isEqualTo("a-b}-c]-");
        assertThat(BranchNames.sanitise("...")).isEmpty();
    }

    @Test
    void firstFreeAddsSuffixes() {
        assertThat(BranchNames.firstFree("agent/x", Set.of()::contains)).isEqualTo("agent/x");
        assertThat(BranchNames.firstFree("agent/x", Set.of("agent/x", "agent/x-2")::contains)).isEqualTo("agent/x-3");
    }
}
