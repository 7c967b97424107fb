package dev.agentruntime.task;

/**
 * Resource limits of the sandbox container (docker run flags).
 *
 * @param memory     {@code --memory}, e.g. {@code 2g}
 * @param cpus       {@code --cpus}
 * @param pids       {@code --pids-limit}
 * @param readOnlyRoot read-only root filesystem (workspace and agent home stay writable); turn off only for
 *                   images that must write elsewhere
 * @param disk       size of the workspace filesystem (a loop-mounted ext4 image in the run directory; the agent
 *                   home gets a quarter of it, at least 256m), or {@code none}
 */
public record SandboxLimits(String memory, Double cpus, Integer pids, Boolean readOnlyRoot, String disk) {
    public static final SandboxLimits DEFAULTS = new SandboxLimits("2g", 1.0, 512, true, "4g");

    /** Bytes of {@link #disk}, or 0 for none. */
    public long diskBytes() {
        return disk == null || disk.equals("none") ? 0 : Sizes.bytes(disk);
    }

    SandboxLimits withDefaults() {
        return new SandboxLimits(
                memory != null ? memory : DEFAULTS.memory,
                cpus != null ? cpus : DEFAULTS.cpus,
                pids != null ? pids : DEFAULTS.pids,
                readOnlyRoot != null ? readOnlyRoot : DEFAULTS.readOnlyRoot,
                disk != null ? disk : DEFAULTS.disk);
    }
}
