package dev.agentruntime.run;

import dev.agentruntime.common.Masker;
import dev.agentruntime.rundir.RunDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where a value shows up in what a run left: the files of its run directory, the git objects of a repository (its
 * workspace, the bare remote, the checkpoint bundles unpacked), the requests its model received.
 */
final class Leaks {
    private Leaks() {}

    /**
     * Recognises the value and every text holding all but its last character (a value cut after masking missed
     * it), in every form {@link Masker} knows.
     */
    static Masker finder(String value) {
        return new Masker(List.of(value.substring(0, value.length() - 1)));
    }

    /** Files of the run directory whose bytes reveal the value (its volumes mounted and read file by file). */
    static List<String> files(RunDirectory dir, Masker finder) {
        List<String> out = new ArrayList<>();
        for (Path f : Scenario.filesOf(dir)) {
            try (InputStream in = Files.newInputStream(f)) {
                if (finder.reveals(in)) out.add(dir.root().relativize(f).toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** Whether any object of the repository at {@code repo} — reachable or not, loose or packed — reveals the value. */
    static boolean inObjects(Path repo, Masker finder) {
        try {
            Path dump = Files.createTempFile("objects", ".txt");
            try {
                Process p = new ProcessBuilder("git", "-c", "safe.directory=*", "-C", repo.toString(), "cat-file",
                        "--batch-all-objects", "--batch").redirectOutput(dump.toFile()).redirectErrorStream(false).start();
                if (p.waitFor() != 0) throw new AssertionError("git cat-file failed in " + repo);
                try (InputStream in = Files.newInputStream(dump)) {
                    return finder.reveals(in);
                }
            } finally {
                Files.deleteIfExists(dump);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * A mirror of {@code remote} into which every checkpoint bundle of the run is fetched, in order (each bundle
     * needs the objects of the ones before it).
     */
    static Path importCheckpoints(RunDirectory dir, Path remote, Path into) {
        git(null, "clone", "-q", "--mirror", remote.toString(), into.toString());
        for (Path bundle : bundles(dir)) {
            git(into, "bundle", "verify", "-q", bundle.toString());
            git(into, "fetch", "-q", bundle.toString(), "refs/agent-runtime/*:refs/agent-runtime/*");
        }
        return into;
    }

    /** checkpoints/N.bundle, by N. */
    static List<Path> bundles(RunDirectory dir) {
        if (!Files.isDirectory(dir.checkpoints())) return List.of();
        try (var s = Files.list(dir.checkpoints())) {
            return s.filter(p -> p.getFileName().toString().matches("\\d+\\.bundle"))
                    .sorted(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().replace(".bundle", "")))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String git(Path dir, String... args) {
        List<String> cmd = new ArrayList<>(List.of("git", "-c", "safe.directory=*"));
        if (dir != null) cmd.addAll(List.of("-C", dir.toString()));
        cmd.addAll(List.of(args));
        dev.agentruntime.util.Proc.Result r = dev.agentruntime.util.Proc.of(cmd).run();
        if (!r.ok()) throw new AssertionError(String.join(" ", cmd) + ": " + r.diagnostic());
        return r.stdout();
    }
}
