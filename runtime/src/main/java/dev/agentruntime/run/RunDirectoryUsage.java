package dev.agentruntime.run;

import dev.agentruntime.rundir.RunDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;

/**
 * What a run directory holds that {@code budgets.runDirectory} counts: every file but the workspace, the agent home
 * and their images, which {@code sandbox.disk} limits (or which the task left unlimited with {@code disk: none}).
 */
final class RunDirectoryUsage {
    private RunDirectoryUsage() {}

    static long bytes(RunDirectory dir) {
        Set<Path> elsewhere = Set.of(dir.workspace(), dir.agentHome(), dir.workspaceImage(), dir.agentHomeImage());
        long[] total = {0};
        try {
            Files.walkFileTree(dir.root(), new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) {
                    return elsewhere.contains(d) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes a) {
                    if (!elsewhere.contains(f)) total[0] += a.size();
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path f, IOException e) {
                    return FileVisitResult.CONTINUE; // a temporary file gone meanwhile
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return total[0];
    }
}
