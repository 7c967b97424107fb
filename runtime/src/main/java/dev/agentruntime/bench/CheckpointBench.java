package dev.agentruntime.bench;

import dev.agentruntime.checkpoint.Checkpoint;
import dev.agentruntime.checkpoint.Checkpointer;
import dev.agentruntime.checkpoint.Checkpoints;
import dev.agentruntime.events.EventLog;
import dev.agentruntime.git.Git;
import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.common.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.List;
import java.util.Map;

/**
 * Checkpoint cost against repository size (1k and 20k files) and change size, beside {@code git add -A && git
 * commit} of the same change in a copy of the same repository; restore time; bundle size. The task has a secret, so
 * every checkpoint also reads the changed files to make sure none holds it.
 */
public final class CheckpointBench {
    private CheckpointBench() {}

    public static void run(Path scratch, PrintStream out) throws IOException, InterruptedException {
        out.println("files  changed  checkpoint-ms  git-add-commit-ms  restore-ms  bundle-bytes");
        for (int files : new int[] {1_000, 20_000}) {
            for (int changed : new int[] {1, 100, 1_000}) {
                Path root = scratch.resolve(files + "-" + changed);
                RunDirectory dir = RunDirectory.create(root.resolve("runs"), "bench");
                Path ws = dir.workspace();
                Files.createDirectories(ws);
                generate(ws, files);
                Git git = new Git(ws, Map.of("GIT_AUTHOR_NAME", "b", "GIT_AUTHOR_EMAIL", "b@b", "GIT_COMMITTER_NAME", "b", "GIT_COMMITTER_EMAIL", "b@b"));
                git.must("init", "init", "-q");
                git.must("add", "add", "-A");
                git.must("commit", "commit", "-q", "-m", "base");
                String base = git.must("head", "rev-parse", "HEAD");
                // A second copy for the plain git comparison.
                Path copy = root.resolve("copy");
                new ProcessBuilder("cp", "-a", ws.toString(), copy.toString()).start().waitFor();
                try (EventLog log = EventLog.open(dir.events(), "bench");
                     Checkpointer cp = new Checkpointer(dir, log, base, () -> () -> { }, Json::object, Json::object, () -> null)) {
                    log.setMasker(new dev.agentruntime.common.Masker(List.of("bench-secret-0123456789"))); // a task with a secret: files are checked
                    cp.takeNow(1); // the first checkpoint indexes the whole tree once
                    change(ws, files, changed);
                    change(copy, files, changed);
                    long t0 = System.nanoTime();
                    Checkpoint c = cp.takeNow(2);
                    long checkpointMs = (System.nanoTime() - t0) / 1_000_000;
                    Git plain = new Git(copy, Map.of("GIT_AUTHOR_NAME", "b", "GIT_AUTHOR_EMAIL", "b@b", "GIT_COMMITTER_NAME", "b", "GIT_COMMITTER_EMAIL", "b@b"));
                    long t1 = System.nanoTime();
                    plain.must("add", "add", "-A");
                    plain.must("commit", "commit", "-q", "-m", "change");
                    long gitMs = (System.nanoTime() - t1) / 1_000_000;
                    change(ws, files, changed); // something to undo
                    long t2 = System.nanoTime();
                    Checkpoints.restoreWorkspace(dir, c);
                    long restoreMs = (System.nanoTime() - t2) / 1_000_000;
                    out.printf(Locale.ROOT, "%5d  %7d  %13d  %17d  %10d  %12d%n", files, changed, checkpointMs, gitMs, restoreMs,
                            Files.size(dir.root().resolve(c.bundle())));
                }
            }
        }
    }

    private static void generate(Path ws, int files) throws IOException {
        for (int i = 0; i < files; i++) {
            Path f = ws.resolve("src/pkg" + (i % 100) + "/File" + i + ".java");
            Files.createDirectories(f.getParent());
            Files.writeString(f, "class File" + i + " {\n    int value() { return " + i + "; }\n}\n".repeat(20));
        }
    }

    private static void change(Path ws, int files, int changed) throws IOException {
        for (int i = 0; i < changed; i++) {
            int n = (i * 7919) % files;
            Files.writeString(ws.resolve("src/pkg" + (n % 100) + "/File" + n + ".java"), "// changed " + System.nanoTime() + "\n",
                    java.nio.file.StandardOpenOption.APPEND);
        }
    }
}
