package dev.agentruntime.rundir;

import dev.agentruntime.common.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The runs directory: every run's directory, newest last; lookup by id, unique id prefix or path. */
public final class Runs {
    private final Path root;

    public Runs(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** {@code --runs-dir}, else {@code $AGENT_RUNTIME_RUNS}, else {@code ~/.agent-runtime/runs}. */
    public static Path defaultRoot() {
        String env = System.getenv("AGENT_RUNTIME_RUNS");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".agent-runtime", "runs");
    }

    public Path root() {
        return root;
    }

    public List<RunDirectory> list() {
        if (!Files.isDirectory(root)) return List.of();
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> Files.isRegularFile(p.resolve(RunDirectory.STATE)))
                    .sorted()
                    .map(RunDirectory::new)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    /** A run by full id, unique prefix, or directory path. */
    public RunDirectory find(String ref) {
        Path asPath = Path.of(ref);
        if (Files.isRegularFile(asPath.resolve(RunDirectory.STATE))) return new RunDirectory(asPath);
        List<RunDirectory> matches = list().stream().filter(r -> r.runId().startsWith(ref)).toList();
        if (matches.size() == 1) return matches.get(0);
        if (matches.isEmpty()) {
            throw new BadInputException("RUN", "no run \"" + ref + "\" in " + root + "; see `agent-runtime list` or pass --runs-dir");
        }
        throw new BadInputException("RUN", "\"" + ref + "\" matches " + matches.size() + " runs; give more of the id");
    }
}
