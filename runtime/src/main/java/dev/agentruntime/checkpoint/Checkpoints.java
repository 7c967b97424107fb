package dev.agentruntime.checkpoint;

import dev.agentruntime.git.Git;
import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Reading and restoring a run's checkpoints. */
public final class Checkpoints {
    private Checkpoints() {}

    /**
     * Every complete checkpoint, oldest first. A manifest is written last (atomically), so a crash mid-checkpoint
     * leaves at most an orphan bundle or ref, never a manifest naming missing objects; unreadable manifests are
     * skipped.
     */
    public static List<Checkpoint> list(RunDirectory dir) {
        List<Checkpoint> out = new ArrayList<>();
        if (!Files.isDirectory(dir.checkpoints())) return out;
        try (Stream<Path> s = Files.list(dir.checkpoints())) {
            for (Path f : s.filter(p -> p.getFileName().toString().matches("\\d+\\.json")).toList()) {
                try {
                    out.add(Json.MAPPER.readValue(f.toFile(), Checkpoint.class));
                } catch (IOException torn) {
                    // Not a complete checkpoint.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.sort(Comparator.comparingInt(Checkpoint::seq));
        return out;
    }

    public static Optional<Checkpoint> latest(RunDirectory dir) {
        List<Checkpoint> all = list(dir);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** A private index file under checkpoints/, which does not exist yet when the run dies before its first checkpoint. */
    private static Path privateIndex(RunDirectory dir, String name) {
        try {
            Files.createDirectories(dir.checkpoints());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir.checkpoints().resolve(name);
    }

    /**
     * Puts the workspace back exactly as the checkpoint saw it: its files written, files it did not have removed
     * (ignored files stay). Uses a private index; the user's index and HEAD are untouched.
     */
    public static void restoreWorkspace(RunDirectory dir, Checkpoint c) {
        Path index = privateIndex(dir, ".restore.index");
        Git git = new Git(dir.workspace(), Map.of("GIT_INDEX_FILE", index.toString()));
        git.must("restore: read tree", "read-tree", c.workspaceTree());
        git.must("restore: write files", "checkout-index", "-a", "-f");
        String extra = git.must("restore: list extra files", "ls-files", "--others", "--exclude-standard", "-z");
        for (String f : extra.split("\0")) {
            if (f.isEmpty()) continue;
            deleteTree(dir.workspace().resolve(f));
        }
        try {
            Files.deleteIfExists(index);
        } catch (IOException ignored) {
        }
    }

    /**
     * Puts the agent home back as the checkpoint saw it (the agent's native session then matches the restored
     * workspace); caches and scratch ({@code tmp}, {@code .cache}, {@code .npm}) are left alone.
     */
    public static void restoreAgentHome(RunDirectory dir, Checkpoint c) {
        Path index = privateIndex(dir, ".restore-home.index");
        Path home = dir.agentHome();
        Git git = new Git(home, Map.of("GIT_DIR", dir.workspace().resolve(".git").toString(), "GIT_WORK_TREE", home.toString(),
                "GIT_INDEX_FILE", index.toString()));
        git.must("restore: read agent-home tree", "read-tree", c.commit() + ":agent-home");
        git.must("restore: write agent-home files", "checkout-index", "-a", "-f");
        String extra = git.must("restore: list extra agent-home files", "ls-files", "--others", "-z");
        for (String f : extra.split("\0")) {
            if (f.isEmpty() || f.startsWith("tmp/") || f.startsWith(".cache/") || f.startsWith(".npm/")) continue;
            deleteTree(home.resolve(f));
        }
        try {
            Files.deleteIfExists(index);
        } catch (IOException ignored) {
        }
    }

    /**
     * Whether the checkpoint's agent home holds a file named after {@code sessionId} — where every CLI agent keeps a
     * session (Claude Code writes its transcript only once the first answer is under way, so a checkpoint before
     * turn 1 may have none: resuming it would fail).
     */
    public static boolean holdsSession(RunDirectory dir, Checkpoint c, String sessionId) {
        if (c.ref() == null || sessionId == null || sessionId.isBlank()) return false;
        String paths = new Git(dir.workspace()).must("reading the checkpoint's agent home", "ls-tree", "-r", "--name-only",
                c.commit() + ":agent-home");
        return paths.lines().anyMatch(p -> p.contains(sessionId));
    }

    /** Removes a file, a link (never its target) or a directory with everything in it (nested repositories). */
    static void deleteTree(Path p) {
        try {
            if (!Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.deleteIfExists(p);
                return;
            }
            Files.walkFileTree(p, new java.nio.file.SimpleFileVisitor<>() {
                @Override
                public java.nio.file.FileVisitResult visitFile(Path f, java.nio.file.attribute.BasicFileAttributes a) throws IOException {
                    Files.delete(f);
                    return java.nio.file.FileVisitResult.CONTINUE;
                }

                @Override
                public java.nio.file.FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.delete(d);
                    return java.nio.file.FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("restore: cannot remove " + p, e);
        }
    }
}
