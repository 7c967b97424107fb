package dev.agentruntime.task;

/**
 * Resource limits of the sandbox container (docker run flags).
 *
 * @param memory     {@code --memory}, e.g. {@code 2g}
 * @param cpus       {@code --cpus}
 * @param pids       {@code --pids-limit}
 * @param readOnlyRoot read-only root filesystem (workspace and agent home stay writable); turn off only for
 *                   images that must write elsewhere
 */
public record SandboxLimits(String memory, Double cpus, Integer pids, Boolean readOnlyRoot) {
    public static final SandboxLimits DEFAULTS = new SandboxLimits("2g", 1.0, 512, true);

    SandboxLimits withDefaults() {
        return new SandboxLimits(
                memory != null ? memory : DEFAULTS.memory,
                cpus != null ? cpus : DEFAULTS.cpus,
                pids != null ? pids : DEFAULTS.pids,
                readOnlyRoot != null ? readOnlyRoot : DEFAULTS.readOnlyRoot);
    }
}
