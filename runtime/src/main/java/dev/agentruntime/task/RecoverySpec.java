package dev.agentruntime.task;

/**
 * How often a run recovers on its own from a dead agent process or a lost sandbox (each restart continues from the
 * last checkpoint); beyond that the run is handed off.
 *
 * @param maxRestarts restarts per run, agent and sandbox together
 */
public record RecoverySpec(Integer maxRestarts) {
    public static final RecoverySpec DEFAULTS = new RecoverySpec(2);

    RecoverySpec withDefaults() {
        return new RecoverySpec(maxRestarts != null ? maxRestarts : DEFAULTS.maxRestarts);
    }
}
