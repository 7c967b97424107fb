package dev.agentruntime.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/** Git metadata ({@code .git} files or directories) below a root, found without running git. */
final class NestedRepos {
    private NestedRepos() {}

    /** Paths (relative to {@code root}) of every {@code .git} below it, skipping the top-level names in {@code skip}. */
    static List<String> in(Path root, List<String> skip) {
        List<String> found = new ArrayList<>();
        if (!Files.isDirectory(root)) return found;
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) {
                    if (d.getParent() != null && d.getParent().equals(root) && skip.contains(d.getFileName().toString())) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    if (!d.equals(root) && d.getFileName().toString().equals(".git")) {
                        found.add(root.relativize(d).toString());
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes a) {
                    if (f.getFileName().toString().equals(".git")) found.add(root.relativize(f).toString());
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path f, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        found.sort(null);
        return found;
    }
}
