package dev.agentruntime.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruntime.checkpoint.Checkpoints;
import dev.agentruntime.demo.DemoScript;
import dev.agentruntime.events.Event;
import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.rundir.Status;
import dev.agentruntime.task.TaskSpecs;
import dev.agentruntime.util.Proc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a run may put on the host's disk: nothing beyond a limit from inside the sandbox, checkpoint bundles that
 * hold each object once, a run directory with its own budget, and, once the run has ended, no more than it uses.
 */
@Tag("docker")
class RunDiskTest {
    static final String FIX = "{tool: edit, args: {path: calc.py, old: \"    return a - b\", new: \"    return a + b\"}}";
    static final int MB = 1 << 20;

    @TempDir
    Path tmp;

    @Test
    void noWritableMountInTheSandboxTakesMoreThanItsLimit() {
        // Every mount the sandbox user can write to gets 300 MB written into it; each must refuse before that.
        String probe = "for m in $(awk '$4 ~ /^rw/ {print $2}' /proc/self/mounts); do"
                + " if touch \"$m/.probe\" 2>/dev/null; then rm -f \"$m/.probe\";"
                + " dd if=/dev/zero of=\"$m/.fill\" bs=1M count=300 2>/dev/null; rc=$?;"
                + " echo \"writable $m dd=$rc mb=$(( $(stat -c %s \"$m/.fill\" 2>/dev/null || echo 0) / 1048576 ))\"; rm -f \"$m/.fill\";"
                + " fi; done";
        String script = "turns:\n  - calls: [{tool: shell, args: {command: " + dev.agentruntime.common.Json.write(probe)
                + ", timeout_seconds: 120}}]\n  - calls: [" + FIX + "]\n  - calls: [{tool: finish, args: {summary: fixed}}]\n";
        try (Scenario s = new Scenario(tmp, script)) {
            Scenario.Outcome o = s.run(s.task("sandbox: {disk: 64m}"));
            assertThat(o.state().status()).as(o.state().reason()).isEqualTo(Status.SUCCEEDED);
            List<String> writable = o.events().stream().filter(e -> e.type().equals("tool.result")).findFirst().orElseThrow()
                    .text("outputTail").lines().filter(l -> l.startsWith("writable ")).toList();
            assertThat(writable).anyMatch(l -> l.startsWith("writable /workspace ")).anyMatch(l -> l.startsWith("writable /home/agent "));
            // The workspace has 64 MB, the agent home 256 MB, Docker's /dev/shm 64 MB; the socket directory is read-only.
            assertThat(writable).allSatisfy(l -> assertThat(l).doesNotContain("dd=0").doesNotContain("mb=300"));
            assertThat(writable).noneMatch(l -> l.startsWith("writable /run/agent-runtime "));
        }
    }

    @Test
    void checkpointBundlesHoldOnlyWhatIsNewAndImportAsAChain() {
        StringBuilder script = new StringBuilder("turns:\n  - calls: [{tool: shell, args: {command: \"head -c 20971520 /dev/urandom > ~/data.bin\"}}]\n");
        for (int i = 1; i <= 5; i++) script.append("  - calls: [{tool: shell, args: {command: \"echo ").append(i).append(" >> notes.txt\"}}]\n");
        script.append("  - calls: [").append(FIX).append("]\n  - calls: [{tool: finish, args: {summary: fixed}}]\n");
        try (Scenario s = new Scenario(tmp, script.toString())) {
            Scenario.Outcome o = s.run(s.task(""));
            assertThat(o.state().status()).as(o.state().reason()).isEqualTo(Status.SUCCEEDED);
            List<Path> bundles = Leaks.bundles(o.dir());
            assertThat(bundles).hasSize(8); // before each turn but the first's effects: 1 + 7
            long total = bundles.stream().mapToLong(RunDiskTest::size).sum();
            assertThat(total).as("bytes of all bundles").isBetween(20L * MB, 24L * MB); // one copy of the 20 MB file
            // Imported in order, each bundle needing the one before, the chain gives back the last state.
            Path mirror = Leaks.importCheckpoints(o.dir(), s.repo.remote(), tmp.resolve("imported"));
            var last = Checkpoints.latest(o.dir()).orElseThrow();
            assertThat(Leaks.git(mirror, "rev-parse", last.ref() + ":workspace").strip()).isEqualTo(last.workspaceTree());
            assertThat(Leaks.git(mirror, "rev-parse", last.ref() + ":agent-home/data.bin").strip())
                    .isEqualTo(Leaks.git(null, "hash-object", o.agentHome().resolve("data.bin").toString()).strip());
        }
    }

    @Test
    void aRunDirectoryOverItsBudgetIsHandedOffNamingTheBudget() {
        String script = """
                turns:
                  - calls: [{tool: shell, args: {command: "echo work > notes.txt; head -c 20971520 /dev/urandom > ~/data.bin"}}]
                  - calls: [{tool: shell, args: {command: "echo more >> notes.txt"}}]
                  - calls: [{tool: shell, args: {command: "echo again >> notes.txt"}}]
                  - calls: [%s]
                  - calls: [{tool: finish, args: {summary: fixed}}]
                """.formatted(FIX);
        try (Scenario s = new Scenario(tmp, script)) {
            Scenario.Outcome o = s.run(s.task("budgets: {turns: 10, wallClock: 5m, runDirectory: 8m}"));
            assertThat(o.state().status()).as(o.state().reason()).isEqualTo(Status.HANDED_OFF);
            assertThat(o.state().reason()).startsWith("run directory budget exhausted: ").contains("of 8 MB used").contains("(budgets.runDirectory)");
            assertThat(o.types()).contains("budget.exceeded", "handoff.written");
            // No checkpoint after the budget ran out: the directory holds at most the one that crossed it.
            assertThat(o.events().stream().filter(e -> e.type().equals("checkpoint.skipped")).map(e -> e.text("reason")))
                    .anyMatch(r -> r.contains("budgets.runDirectory"));
            assertThat(RunDirectoryUsage.bytes(o.dir())).isLessThan(8L * MB + 21L * MB);
        }
    }

    @Test
    void aFinishedRunKeepsItsFilesButNotTheSpaceItsFilesystemsReserved() {
        try (Scenario s = new Scenario(tmp, DemoScript.YAML)) {
            Scenario.Outcome ok = s.run(s.task(""));
            assertThat(ok.state().status()).as(ok.state().reason()).isEqualTo(Status.SUCCEEDED);
            Scenario.Outcome noClone = s.run(TaskSpecs.parse(s.yaml("builtin", "scripted", "").replace(s.repo.url(), "/nonexistent/repo.git"),
                    "test task", tmp));
            assertThat(noClone.state().status()).isEqualTo(Status.FAILED);
            assertThat(noClone.state().reason()).startsWith("cannot clone");
            for (Scenario.Outcome o : List.of(ok, noClone)) {
                assertThat(o.dir().workspaceImage()).exists();
                assertThat(allocated(o.dir())).as("bytes allocated by " + o.state().status() + " run").isLessThan(8L * MB);
            }
            // What the run did is still there.
            assertThat(ok.workspace().resolve("calc.py")).content().contains("return a + b");
        }
    }

    /** Bytes the run directory occupies on disk (allocated blocks, images included, not their apparent size). */
    static long allocated(RunDirectory dir) {
        Proc.Result r = Proc.of("du", "-s", "-B1", dir.root().toString()).run();
        assertThat(r.ok()).as(r.diagnostic()).isTrue();
        return Long.parseLong(r.stdout().split("\\s+")[0]);
    }

    static long size(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
