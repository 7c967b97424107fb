package dev.agentruntime.jenkins;

import dev.agentruntime.rundir.RunDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What agentTask archives of a finished run, in the form ArtifactManager#archive takes: archive path → path relative
 * to the run directory. Everything goes under {@code agent-runtime/<runId>/}: report.json, report.md,
 * report.html with the report.css it links (Jenkins serves artifacts with {@code style-src 'self'}: the linked sheet
 * applies, an inline one does not), diff.patch, checkpoints/*.bundle and *.json, handoff.md and handoff.json when
 * present, and the JUnit XML the runtime wrote into the run directory ({@code junit/}: the verify commands and masked copies of the repository's
 * own reports) — never files from the agent-written workspace.
 */
public final class ArtifactList {
    private ArtifactList() {}

    public static Map<String, String> of(Path runDir) {
        RunDirectory dir = new RunDirectory(runDir);
        String prefix = "agent-runtime/" + dir.runId() + "/";
        Map<String, String> out = new TreeMap<>();
        for (String name : new String[] {RunDirectory.REPORT_JSON, RunDirectory.REPORT_MD, "report.html", "report.css", "diff.patch",
                "handoff.md", "handoff.json"}) {
            addIfFile(out, prefix, dir.root(), dir.root().resolve(name));
        }
        if (Files.isDirectory(dir.checkpoints())) {
            try (Stream<Path> files = Files.list(dir.checkpoints())) {
                files.filter(f -> f.toString().endsWith(".bundle") || f.toString().endsWith(".json"))
                        .forEach(f -> addIfFile(out, prefix, dir.root(), f));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Path junit = dir.root().resolve("junit");
        if (Files.isDirectory(junit, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> files = Files.list(junit)) {
                files.filter(f -> f.toString().endsWith(".xml")).forEach(f -> addIfFile(out, prefix, dir.root(), f));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    private static void addIfFile(Map<String, String> out, String prefix, Path root, Path file) {
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            String rel = root.relativize(file).toString().replace('\\', '/');
            out.put(prefix + rel, rel);
        }
    }
}
