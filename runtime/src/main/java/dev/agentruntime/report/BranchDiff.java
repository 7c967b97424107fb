package dev.agentruntime.report;

import dev.agentruntime.common.AtomicFiles;
import dev.agentruntime.common.Masker;
import dev.agentruntime.git.Git;
import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.util.Proc;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * diff.patch: the branch's change against its base ({@code git diff <baseCommit> HEAD} in the workspace, on the host,
 * when the run ends), masked, at most {@value #MAX_BYTES} bytes. A longer diff is cut at a line end and the file then
 * starts with a note saying so ({@code git apply} skips text before the first {@code diff --git}). External diff
 * drivers and textconv filters are off: the workspace's git config was writable by the agent.
 */
public final class BranchDiff {
    public static final String FILE = "diff.patch";
    static final int MAX_BYTES = 1 << 20;
    /** Read this much past the cap, so a secret that straddles the cut is masked before it is cut. */
    private static final int MARGIN = 64 * 1024;

    private BranchDiff() {}

    /**
     * Writes diff.patch; returns what report.json says about it, or null when there is no workspace or base or git
     * failed (the report is written without it).
     */
    public static Report.Patch write(RunDirectory dir, String baseCommit, Masker masker) {
        Path ws = dir.workspace();
        if (baseCommit == null || !Files.isDirectory(ws.resolve(".git"))) return null;
        Path out = null;
        try {
            out = Files.createTempFile("agent-runtime-diff-", ".patch");
            Proc.Result r = new Git(ws).run("diff", "--no-color", "--no-ext-diff", "--no-textconv", "--output=" + out, baseCommit, "HEAD");
            if (!r.ok()) return null;
            long total = Files.size(out);
            String text;
            try (InputStream in = Files.newInputStream(out)) {
                text = masker.mask(new String(in.readNBytes(MAX_BYTES + MARGIN), StandardCharsets.UTF_8));
            }
            boolean truncated = total > MAX_BYTES || text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES;
            if (truncated) text = cut(text);
            String note = truncated ? "agent-runtime: this diff is truncated: it shows " + text.getBytes(StandardCharsets.UTF_8).length + " of the "
                    + total + " bytes of `git diff " + baseCommit + " HEAD`; the run's workspace holds the whole branch.\n\n" : "";
            AtomicFiles.write(dir.root().resolve(FILE), note + text);
            return new Report.Patch(FILE, text.getBytes(StandardCharsets.UTF_8).length, total, truncated);
        } catch (IOException | UncheckedIOException e) {
            return null;
        } finally {
            if (out != null) out.toFile().delete();
        }
    }

    /** At most MAX_BYTES of UTF-8, ending at a line end. */
    private static String cut(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        int max = Math.min(MAX_BYTES, b.length);
        int end = max;
        while (end > 0 && b[end - 1] != '\n') end--;
        return new String(b, 0, end > 0 ? end : max, StandardCharsets.UTF_8); // one huge line: cut inside it
    }
}
