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
        assertThat(BranchNames.sanitise("x.lock.")).isEqualTo("x");
        assertThat(BranchNames.sanitise("a/b.lock.lock..")).isEqualTo("a/b");
    }

    @Test
    void gitDecidesWhatIsABranchName() {
        assertThat(BranchNames.problem("agent/fix-1")).isNull();
        assertThat(BranchNames.problem("@")).isNull(); // refs/heads/@ is fine for git, though "@" alone is not a ref
        assertThat(BranchNames.problem("agent/x.lock")).contains("git check-ref-format").contains("\"agent/x\"");
        assertThat(BranchNames.problem("HEAD")).contains("git check-ref-format");
        assertThat(BranchNames.problem("a".repeat(201))).contains("201 bytes");
    }

    @Test
    void firstFreeAddsSuffixes() {
        assertThat(BranchNames.firstFree("agent/x", Set.of()::contains)).isEqualTo("agent/x");
        assertThat(BranchNames.firstFree("agent/x", Set.of("agent/x", "agent/x-2")::contains)).isEqualTo("agent/x-3");
    }
}
