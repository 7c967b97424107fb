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
 * heartbeat.json, rewritten every {@link #INTERVAL} while the runtime process owning the run is alive. It names that
 * process (host, pid, start time, pid namespace), so a reader on the same host can ask the process directly; elsewhere
 * a heartbeat older than {@link #STALE_AFTER} means the runtime died. {@link Liveness} applies the rule.
 */
public final class Heartbeat implements AutoCloseable {
    public static final Duration INTERVAL = Duration.ofSeconds(5);
    public static final Duration STALE_AFTER = Duration.ofSeconds(30);

    /**
     * Contents of heartbeat.json.
     *
     * @param started      the owner process's start time (epoch ms): a reused pid has another
     * @param pidNamespace the owner's pid namespace ({@code pid:[4026531836]}): a pid means something only in its own
     */
    public record Beat(Instant ts, long pid, String host, Long started, String pidNamespace) {
        /** A beat of this process, now. */
        static Beat now() {
            ProcessHandle self = ProcessHandle.current();
            return new Beat(Instant.now(), self.pid(), hostName(), startMillis(self).orElse(null), Heartbeat.pidNamespace());
        }
    }

    private final ScheduledExecutorService timer;

    private Heartbeat(Path file) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "heartbeat");
            t.setDaemon(true);
            return t;
        });
        Runnable beat = () -> {
            try {
                AtomicFiles.write(file, Json.write(Beat.now()) + "\n");
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

    public static boolean isStale(Beat beat, Instant now) {
        return beat == null || beat.ts().plus(STALE_AFTER).isBefore(now);
    }

    /** When {@code p} started (epoch ms), as the kernel says; the same value for every reader on the host. */
    public static java.util.Optional<Long> startMillis(ProcessHandle p) {
        return p.info().startInstant().map(Instant::toEpochMilli);
    }

    /** This process's pid namespace ({@code pid:[…]}), or null where there are none (not Linux). */
    public static String pidNamespace() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
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
