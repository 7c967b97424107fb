package dev.agentruntime.batch;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.agentruntime.rundir.Heartbeat;
import dev.agentruntime.common.AtomicFiles;
import dev.agentruntime.common.BadInputException;
import dev.agentruntime.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * A batch's own directory beside the runs: {@code <runs>/batches/<id>/} with batch.json (the batch file as given),
 * state.json (where the batch stands), repos/ (one {@link RepoRecord} per repository) and the aggregated report.
 * See docs/batch.md.
 */
public final class BatchDir implements AutoCloseable {
    public static final int PROTOCOL = 1;
    private final Path root;
    private FileChannel lockFile;
    private FileLock lock;

    /** batch.json: what {@code batch resume} needs to rebuild the same tasks. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Definition(int protocol, String id, String source, String baseDir, Instant createdAt) {}

    /** state.json of the batch. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record State(int protocol, String id, Status status, String reason, Long pid, String host, Instant updatedAt) {}

    /** RUNNING while a controller works on it (or until it is resumed after a crash); then FINISHED, STOPPED or CANCELLED. */
    public enum Status { RUNNING, FINISHED, STOPPED, CANCELLED }

    public BatchDir(Path root) {
        this.root = root;
    }

    public static Path of(Path runsDir, String batchId) {
        return runsDir.resolve("batches").resolve(batchId);
    }

    /** Creates and locks the directory of a new batch; refuses when the batch already exists (or is being created). */
    public static BatchDir create(Path runsDir, Batch batch) {
        Path root = of(runsDir, batch.id());
        BatchDir d = new BatchDir(root);
        try {
            Files.createDirectories(d.repos());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        d.lock();
        if (Files.exists(root.resolve("batch.json"))) {
            d.close();
            throw new BadInputException("id", "batch " + batch.id() + " already exists in " + root.getParent()
                    + "; continue it with `agent-runtime batch resume " + batch.id() + "`, or give the batch a new id (--id)");
        }
        AtomicFiles.write(root.resolve("batch.json"), Json.pretty(new Definition(PROTOCOL, batch.id(), batch.source(), batch.baseDir(), Instant.now())) + "\n");
        return d;
    }

    /** An existing batch by id (in {@code runsDir}) or by directory. */
    public static BatchDir find(Path runsDir, String ref) {
        Path asDir = Path.of(ref);
        Path root = Files.isRegularFile(asDir.resolve("batch.json")) ? asDir : of(runsDir, ref);
        if (!Files.isRegularFile(root.resolve("batch.json"))) {
            throw new BadInputException("BATCH", "no batch \"" + ref + "\" in " + runsDir.resolve("batches") + "; pass the batch id or its directory (and --runs-dir)");
        }
        return new BatchDir(root);
    }

    public Path root() {
        return root;
    }

    /** The runs directory this batch belongs to: batches/&lt;id&gt; sits in it. */
    public Path runsDir() {
        return root.toAbsolutePath().getParent().getParent();
    }

    Path repos() {
        return root.resolve("repos");
    }

    public Definition definition() {
        return read(root.resolve("batch.json"), Definition.class);
    }

    public State state() {
        Path f = root.resolve("state.json");
        return Files.exists(f) ? read(f, State.class) : null;
    }

    void writeState(String id, Status status, String reason) {
        AtomicFiles.write(root.resolve("state.json"), Json.pretty(new State(PROTOCOL, id, status, reason, ProcessHandle.current().pid(),
                Heartbeat.hostName(), Instant.now())) + "\n");
    }

    /** The repository's record; a pending one when the batch has not touched it yet. */
    public RepoRecord record(Batch.Item item) {
        RepoRecord fresh = RepoRecord.pending(item);
        Path f = repos().resolve(fresh.fileName());
        if (!Files.exists(f)) return fresh;
        RepoRecord r = read(f, RepoRecord.class);
        if (!item.repo().equals(r.repo())) {
            throw new IllegalStateException(f + " is about " + r.repo() + ", but the batch's repository " + item.index() + " is " + item.repo()
                    + "; the batch directory was edited by hand");
        }
        return r;
    }

    void write(RepoRecord r) {
        AtomicFiles.write(repos().resolve(r.fileName()), Json.pretty(r) + "\n");
    }

    /** One controller per batch: a second {@code batch resume} while one runs is refused. */
    void lock() {
        if (lock != null) return;
        try {
            lockFile = FileChannel.open(root.resolve(".batch.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = lockFile.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            lock = null; // held by another controller in this JVM
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + root, e);
        }
        if (lock == null) {
            close();
            State s = state();
            throw new BadInputException("BATCH", "batch is being run by another process" + (s != null ? " (pid " + s.pid() + " on " + s.host() + ")" : ""));
        }
    }

    /** Whether a controller holds the batch right now (a RUNNING state without one means it died). */
    public boolean controllerAlive() {
        if (lock != null) return true;
        try (FileChannel ch = FileChannel.open(root.resolve(".batch.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock l = ch.tryLock();
            if (l == null) return true;
            l.release();
            return false;
        } catch (java.nio.channels.OverlappingFileLockException e) {
            return true; // held in this JVM
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            if (lock != null) lock.release();
            if (lockFile != null) lockFile.close();
            lock = null;
            lockFile = null;
        } catch (IOException ignored) {
            // the lock goes with the process anyway
        }
    }

    private static <T> T read(Path f, Class<T> type) {
        try {
            return Json.MAPPER.readValue(f.toFile(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }
}
