package dev.agentruntime.sandbox;

import dev.agentruntime.rundir.Heartbeat;
import dev.agentruntime.util.Proc;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Removes sandbox containers whose runtime process is gone (crash, kill -9). A container's owner label holds
 * host, pid and process start time, so a reused pid is not mistaken for the owner. Containers owned by other
 * hosts are left alone.
 */
public final class Reaper {
    private final Docker docker;

    public Reaper(Docker docker) {
        this.docker = docker;
    }

    /** Names of the containers removed. */
    public List<String> reapDead() {
        Proc.Result r = Docker.require(docker.run("ps", "-a", "--filter", "label=" + Sandbox.RUN_LABEL,
                "--format", "{{.Names}}\t{{.Label \"" + Sandbox.OWNER_LABEL + "\"}}"), "listing sandboxes");
        List<String> removed = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            if (line.isBlank()) continue;
            String[] parts = line.split("\t", 2);
            if (parts.length == 2 && isDead(parts[1])) {
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
