package dev.agentruntime.run;

import dev.agentruntime.common.AtomicFiles;
import dev.agentruntime.common.Json;
import dev.agentruntime.rundir.RunDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Work-branch names reserved by the live runs of one runs directory, so that runs of the same task started at once
 * each get their own name up front instead of all but one failing at push. A run chooses its name and records it in
 * {@code <runs-dir>/.branches/} under one lock (a file lock across processes, a lock within this one); a reservation
 * holds while its run is not final — after that the remote decides whether the name is taken.
 */
final class BranchReservations {
    /** Runs of a batch share a JVM: the file lock alone does not exclude threads of one process. */
    private static final ReentrantLock IN_PROCESS = new ReentrantLock();
    private final Path root;

    BranchReservations(Path runsDir) {
        this.root = runsDir.resolve(".branches");
    }

    /**
     * Picks and reserves a branch of {@code repo} for {@code runId}: {@code choose} gets a predicate telling which names
     * another live run holds, and returns the name it took.
     */
    String reserve(String repo, String runId, Function<Predicate<String>, String> choose) {
        IN_PROCESS.lock();
        try {
            Files.createDirectories(root);
            try (FileChannel ch = FileChannel.open(root.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = ch.lock()) {
                String name = choose.apply(branch -> heldByAnother(repo, branch, runId));
                AtomicFiles.write(file(repo, name), Json.write(Json.object().put("runId", runId).put("repo", repo).put("branch", name)) + "\n");
                return name;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reserve a branch name in " + root, e);
        } finally {
            IN_PROCESS.unlock();
        }
    }

    private boolean heldByAnother(String repo, String branch, String runId) {
        Path f = file(repo, branch);
        if (!Files.exists(f)) return false;
        try {
            String holder = Json.MAPPER.readTree(f.toFile()).path("runId").asText();
            if (holder.equals(runId)) return false;
            Path run = root.getParent().resolve(holder);
            return Files.exists(run.resolve(RunDirectory.STATE)) && !new RunDirectory(run).readState().status().isTerminal();
        } catch (IOException | RuntimeException unreadable) {
            return false; // a torn reservation holds nothing (it is rewritten under the lock)
        }
    }

    private Path file(String repo, String branch) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((repo + "\n" + branch).getBytes(StandardCharsets.UTF_8));
            return root.resolve(HexFormat.of().formatHex(h, 0, 16) + ".json");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
