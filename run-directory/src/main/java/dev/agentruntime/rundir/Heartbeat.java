package dev.agentruntime.rundir;

import dev.agentruntime.common.AtomicFiles;
import dev.agentruntime.common.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * heartbeat.json, rewritten every {@link #INTERVAL} while the runtime process owning the run is alive. A live
 * status with a heartbeat older than {@link #STALE_AFTER} means the runtime died.
 */
public final class Heartbeat implements AutoCloseable {
    public static final Duration INTERVAL = Duration.ofSeconds(5);
    public static final Duration STALE_AFTER = Duration.ofSeconds(30);

    /** Contents of heartbeat.json. */
    public record Beat(Instant ts, long pid, String host) {}

    private final ScheduledExecutorService timer;

    private Heartbeat(Path file) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "heartbeat");
            t.setDaemon(true);
            return t;
        });
        Runnable beat = () -> {
            try {
                AtomicFiles.write(file, Json.write(new Beat(Instant.now(), ProcessHandle.current().pid(), hostName())) + "\n");
            } catch (RuntimeException e) {
                // A full disk must not stop later beats (an uncaught exception would cancel the schedule).
            }
        };
        beat.run();
        timer.scheduleAtFixedRate(beat, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    public static Heartbeat start(RunDirectory dir) {
        return new Heartbeat(dir.heartbeat());
    }

    public static Beat read(RunDirectory dir) {
        try {
            return Files.exists(dir.heartbeat()) ? Json.MAPPER.readValue(dir.heartbeat().toFile(), Beat.class) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Whether the runtime owning a live run has died: its heartbeat is stale, or it never wrote one although the run
     * was created longer ago than {@link #STALE_AFTER}.
     */
    public static boolean runtimeGone(RunDirectory dir, RunState state, Instant now) {
        if (state.status().isTerminal()) return false;
        Beat beat = read(dir);
        return beat == null ? state.createdAt().plus(STALE_AFTER).isBefore(now) : isStale(beat, now);
    }

    /**
     * Whether the runtime that owns a live run is still there: on this host the process is asked directly (so a
     * kill -9 is seen at once); elsewhere the heartbeat decides.
     */
    public static boolean isAlive(RunDirectory dir) {
        RunState state = dir.readState();
        if (state.status().isTerminal()) return false;
        if (hostName().equals(state.host()) && state.pid() != null) {
            return state.pid() == ProcessHandle.current().pid() || ProcessHandle.of(state.pid()).map(ProcessHandle::isAlive).orElse(false);
        }
        return !runtimeGone(dir, state, Instant.now());
    }

    public static boolean isStale(Beat beat, Instant now) {
        return beat == null || beat.ts().plus(STALE_AFTER).isBefore(now);
    }

    public static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
