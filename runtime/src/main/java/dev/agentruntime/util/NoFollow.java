package dev.agentruntime.util;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes the runtime (often root) makes into directories the agent controls (its home): no path component may be
 * a symbolic link, so an agent cannot make the runtime write anywhere else on the host. Called only while no agent
 * process runs (before a sandbox starts), so the check cannot be raced.
 */
public final class NoFollow {
    private NoFollow() {}

    /** Writes {@code content} to {@code root/relative}, creating directories; refuses any symlink on the way. */
    public static void write(Path root, String relative, String content) throws IOException {
        write(root, relative, content, false);
    }

    /** Like {@link #write}, but leaves an existing file alone. */
    public static void writeIfAbsent(Path root, String relative, String content) throws IOException {
        write(root, relative, content, true);
    }

    private static void write(Path root, String relative, String content, boolean keepExisting) throws IOException {
        Path target = root.resolve(relative).normalize();
        if (!target.startsWith(root)) throw new IOException(relative + " is outside " + root);
        Path p = root;
        for (Path part : root.relativize(target.getParent() == null ? root : target.getParent())) {
            p = p.resolve(part);
            if (Files.isSymbolicLink(p)) throw new IOException(p + " is a symbolic link; refusing to write through it");
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) Files.createDirectory(p);
        }
        if (Files.isSymbolicLink(target)) throw new IOException(target + " is a symbolic link; refusing to write through it");
        if (keepExisting && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) return;
        Files.write(target, content.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS);
    }
}
