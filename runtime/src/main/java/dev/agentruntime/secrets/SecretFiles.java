package dev.agentruntime.secrets;

import dev.agentruntime.common.Masker;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which files reveal a secret, in their name or their content, checked before host git stores them as objects (a
 * commit, a checkpoint). Links are never followed: a link's own text (its target) is what git would store.
 */
public final class SecretFiles {
    private SecretFiles() {}

    /** The paths (relative to {@code root}) among {@code paths} whose name or content {@code masker} recognises. */
    public static List<String> revealing(Masker masker, Path root, List<String> paths) {
        List<String> out = new ArrayList<>();
        if (masker.isEmpty()) return out;
        for (String rel : paths) {
            if (masker.reveals(rel) || contentReveals(masker, root.resolve(rel))) out.add(rel);
        }
        return out;
    }

    /** Names of the secrets whose value is in the name or content of one of {@code paths} (relative to {@code root}). */
    public static List<String> secretsIn(Secrets secrets, Path root, List<String> paths) {
        return secrets.names().stream().filter(n -> !revealing(secrets.maskerOf(n), root, paths).isEmpty()).toList();
    }

    private static boolean contentReveals(Masker masker, Path file) {
        try {
            if (Files.isSymbolicLink(file)) return masker.reveals(Files.readSymbolicLink(file).toString());
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) return false; // gone, or nothing git stores
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                return masker.reveals(in);
            }
        } catch (java.nio.file.NoSuchFileException gone) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " to look for secrets", e);
        }
    }
}
