package dev.agentruntime.run;

import dev.agentruntime.rundir.RunDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Git's lock files ({@code index.lock}, {@code <ref>.lock}, a checkpoint's private {@code .workspace.index.lock}) that
 * a runtime killed in the middle of a git command left behind. Only one runtime executes a run, so when a resume
 * holds the run, every such lock is stale — and would fail each later checkpoint and the commit.
 */
final class StaleLocks {
    private StaleLocks() {}

    /** Removes them from the workspace repository and the checkpoints directory; returns how many. */
    static int removeAll(RunDirectory dir) {
        return remove(dir.workspace().resolve(".git")) + remove(dir.checkpoints());
    }

    private static int remove(Path root) {
        if (!Files.isDirectory(root)) return 0;
        try (Stream<Path> files = Files.walk(root)) {
            int n = 0;
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".lock") && Files.isRegularFile(p)).toList()) {
                Files.deleteIfExists(f);
                n++;
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove stale git locks under " + root, e);
        }
    }
}
