package dev.agentruntime.rundir;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether the runtime process that owns a run is still there — the one rule for {@code status}, {@code list},
 * {@code logs --follow}, {@code recover}, {@code resume}, {@code reap} and a batch. The owner is the process named by
 * heartbeat.json (before the first beat: state.json's pid and host).
 * <ol>
 * <li>A run with a final status has no runtime.</li>
 * <li>On the owner's host, in its pid namespace: the process is asked directly. No process with that pid, or one that
 * started at another time (the pid was reused), means dead at once — a kill -9 is seen immediately.</li>
 * <li>Elsewhere (another host, another pid namespace) only the heartbeat can tell: dead once it is older than
 * {@link Heartbeat#STALE_AFTER} (or, with none written, once the run is that old).</li>
 * </ol>
 *
 * @param alive whether the owner is running
 * @param why   what the decision rests on, for people
 */
public record Liveness(boolean alive, String why) {
    /** Start times read twice from the kernel agree to the clock tick; a second is far beyond that. */
    private static final long SAME_START_MILLIS = 1000;

    public static Liveness of(RunDirectory dir) {
        return of(dir, dir.readState(), Instant.now());
    }

    public static Liveness of(RunDirectory dir, RunState state, Instant now) {
        if (state.status().isTerminal()) return new Liveness(false, "the run ended " + state.status());
        Heartbeat.Beat beat = Heartbeat.read(dir);
        Long pid = beat != null ? Long.valueOf(beat.pid()) : state.pid();
        String host = beat != null ? beat.host() : state.host();
        boolean local = Heartbeat.hostName().equals(host) && pid != null
                && (beat == null || beat.pidNamespace() == null || Objects.equals(beat.pidNamespace(), Heartbeat.pidNamespace()));
        if (local) {
            Optional<ProcessHandle> p = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
            if (p.isEmpty()) return new Liveness(false, "runtime pid " + pid + " on " + host + " is gone");
            Long started = beat != null ? beat.started() : null;
            Long actual = Heartbeat.startMillis(p.get()).orElse(null);
            if (started != null && actual != null && Math.abs(actual - started) > SAME_START_MILLIS) {
                return new Liveness(false, "runtime pid " + pid + " on " + host + " is gone (the pid now belongs to another process)");
            }
            return new Liveness(true, "runtime pid " + pid + " on " + host + " is running" + age(beat, now));
        }
        if (beat == null) {
            boolean young = state.createdAt().plus(Heartbeat.STALE_AFTER).isAfter(now);
            return new Liveness(young, young ? "starting on " + host + " (no heartbeat yet)" : "no heartbeat from the runtime on " + host);
        }
        boolean fresh = !Heartbeat.isStale(beat, now);
        return new Liveness(fresh, (fresh ? "heartbeat from " : "heartbeat is STALE, the runtime died on ") + host + age(beat, now));
    }

    private static String age(Heartbeat.Beat beat, Instant now) {
        return beat == null ? "" : " (last heartbeat " + Duration.between(beat.ts(), now).toSeconds() + " s ago)";
    }
}
