package dev.agentruntime.sandbox;

import dev.agentruntime.rundir.Heartbeat;
import dev.agentruntime.rundir.Liveness;
import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.rundir.Runs;
import dev.agentruntime.util.Proc;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Removes sandbox containers whose runtime is gone (crash, kill -9). By default only those of runs in one runs
 * directory, judged by {@link Liveness} like every other command: another runs directory's sandboxes are not ours to
 * touch, even when their runtime died. Host-wide, a container's owner label (host, pid and process start time)
 * decides, so a reused pid is not mistaken for the owner; containers owned by other hosts are left alone.
 */
public final class Reaper {
    private static final java.util.regex.Pattern RUN_ID = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final String RUN_LABEL_FORMAT = "{{.Label \"" + Sandbox.RUN_LABEL + "\"}}";
    private static final String OWNER_LABEL_FORMAT = "{{.Label \"" + Sandbox.OWNER_LABEL + "\"}}";

    private final Docker docker;

    public Reaper(Docker docker) {
        this.docker = docker;
    }

    /** Removes the sandboxes of runs in {@code runs} whose runtime is gone (or that ended); names of those removed. */
    public List<String> reapDeadIn(Runs runs) {
        return reap(RUN_LABEL_FORMAT, runId -> {
            if (!RUN_ID.matcher(runId).matches()) return false;
            RunDirectory dir = new RunDirectory(runs.root().resolve(runId));
            return dir.exists() && !Liveness.of(dir).alive();
        });
    }

    /** Removes every sandbox on this host whose owner process is dead, whatever its runs directory. */
    public List<String> reapDeadOnThisHost() {
        return reap(OWNER_LABEL_FORMAT, Reaper::isDead);
    }

    /** Removes each sandbox whose label (shown by {@code format}) {@code dead} accepts. */
    private List<String> reap(String format, java.util.function.Predicate<String> dead) {
        Proc.Result r = Docker.require(docker.run("ps", "-a", "--filter", "label=" + Sandbox.RUN_LABEL,
                "--format", "{{.Names}}\t" + format), "listing sandboxes");
        List<String> removed = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            if (line.isBlank()) continue;
            String[] parts = line.split("\t", 2);
            if (parts.length == 2 && dead.test(parts[1])) {
                if (docker.run("rm", "-f", "-v", parts[0]).ok()) removed.add(parts[0]);
            }
        }
        return removed;
    }

    /** Names of sandbox containers of a run, whatever their owner. */
    public List<String> containersOf(String runId) {
        Proc.Result r = docker.run("ps", "-a", "--filter", "label=" + Sandbox.RUN_LABEL + "=" + runId, "--format", "{{.Names}}");
        return r.stdout().lines().filter(l -> !l.isBlank()).toList();
    }

    static boolean isDead(String owner) {
        String[] o = owner.split(":");
        if (o.length != 3 || !o[0].equals(Heartbeat.hostName())) return false;
        long pid;
        long start;
        try {
            pid = Long.parseLong(o[1]);
            start = Long.parseLong(o[2]);
        } catch (NumberFormatException e) {
            return false;
        }
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        if (p.isEmpty() || !p.get().isAlive()) return true;
        long actualStart = p.get().info().startInstant().map(java.time.Instant::toEpochMilli).orElse(start);
        return Math.abs(actualStart - start) > 2000;
    }
}
