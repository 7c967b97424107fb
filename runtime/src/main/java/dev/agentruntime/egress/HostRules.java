package dev.agentruntime.egress;

/** Validation of allowlist entries for the task spec. */
public final class HostRules {
    private HostRules() {}

    /** Null when {@code entry} is a valid allowlist entry, else what is wrong with it. */
    public static String problem(String entry) {
        return HostRule.problem(entry);
    }
}
