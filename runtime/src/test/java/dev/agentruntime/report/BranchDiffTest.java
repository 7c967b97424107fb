package dev.agentruntime.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruntime.common.Masker;
import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.util.Proc;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** diff.patch from a real git repository in a run directory's workspace: masked, cut with a note, no drivers run. */
class BranchDiffTest {
    @TempDir
    Path tmp;

    RunDirectory dir;
    String base;

    @BeforeEach
    void repo() {
        dir = RunDirectory.create(tmp, "run-1");
        Path ws = dir.workspace();
        git(ws.getParent(), "init", "-q", "-b", "main", ws.toString());
        write("calc.py", "def add(a, b):\n    return a - b\n");
        git(ws, "add", "-A");
        git(ws, "commit", "-q", "-m", "base");
        base = git(ws, "rev-parse", "HEAD").strip();
        git(ws, "checkout", "-q", "-b", "agent/fix");
    }

    @Test
    void theBranchsChangeAgainstItsBaseMasked() {
        String secret = "tok-" + System.nanoTime();
        write("calc.py", "def add(a, b):\n    return a + b\n");
        write("notes.txt", "the key was " + secret + "\n");
        commit();

        Report.Patch p = BranchDiff.write(dir, base, new Masker(List.of(secret)));

        String patch = read();
        assertThat(p).isEqualTo(new Report.Patch("diff.patch", patch.getBytes(StandardCharsets.UTF_8).length, p.totalBytes(), false));
        assertThat(patch).startsWith("diff --git a/calc.py b/calc.py").contains("-    return a - b\n+    return a + b\n")
                .contains("+the key was ****").doesNotContain(secret);
        assertThat(p.totalBytes()).isEqualTo(p.bytes() + secret.length() - Masker.MASK.length());
    }

    @Test
    void aDiffOverTheCapIsCutAtALineEndWithANote() {
        StringBuilder big = new StringBuilder();
        for (int i = 0; big.length() < BranchDiff.MAX_BYTES * 3 / 2; i++) big.append("line ").append(i).append(" of a generated file\n");
        write("generated.txt", big.toString());
        commit();

        Report.Patch p = BranchDiff.write(dir, base, Masker.none());

        String patch = read();
        assertThat(p.truncated()).isTrue();
        assertThat(p.totalBytes()).isGreaterThan(BranchDiff.MAX_BYTES);
        assertThat(p.bytes()).isLessThanOrEqualTo(BranchDiff.MAX_BYTES).isGreaterThan(BranchDiff.MAX_BYTES - 100);
        assertThat(patch).startsWith("agent-runtime: this diff is truncated: it shows " + p.bytes() + " of the " + p.totalBytes() + " bytes")
                .endsWith(" of a generated file\n").contains("\n\ndiff --git a/generated.txt b/generated.txt\n");
        assertThat(ReportWriter.patchNote(p)).isEqualTo("The diff is in `diff.patch`, truncated: " + p.bytes() + " of " + p.totalBytes() + " bytes.");
    }

    /** The agent could write the workspace's .git/config and .gitattributes: neither may run a program on the host. */
    @Test
    void noExternalDiffOrTextconvProgramRuns() throws Exception {
        Path marker = tmp.resolve("ran");
        git(dir.workspace(), "config", "diff.external", "touch " + marker);
        git(dir.workspace(), "config", "diff.evil.textconv", "touch " + marker + ";cat");
        write(".gitattributes", "*.txt diff=evil\n");
        write("a.txt", "changed\n");
        commit();

        assertThat(BranchDiff.write(dir, base, Masker.none())).isNotNull();
        assertThat(read()).contains("+changed");
        assertThat(marker).doesNotExist();
    }

    @Test
    void noBaseNoWorkspaceNoPatch() throws Exception {
        assertThat(BranchDiff.write(dir, null, Masker.none())).isNull();
        RunDirectory empty = RunDirectory.create(tmp, "run-2");
        assertThat(BranchDiff.write(empty, base, Masker.none())).isNull();
        assertThat(empty.root().resolve(BranchDiff.FILE)).doesNotExist();
    }

    private void commit() {
        git(dir.workspace(), "add", "-A");
        git(dir.workspace(), "commit", "-q", "-m", "change");
    }

    private void write(String name, String content) {
        try {
            Files.writeString(dir.workspace().resolve(name), content);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String read() {
        try {
            return Files.readString(dir.root().resolve(BranchDiff.FILE));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String git(Path in, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("git", "-c", "user.name=T", "-c", "user.email=t@localhost"));
        cmd.addAll(List.of(args));
        Proc.Result r = Proc.of(cmd).dir(in).run();
        assertThat(r.ok()).as(r.diagnostic()).isTrue();
        return r.stdout();
    }
}
