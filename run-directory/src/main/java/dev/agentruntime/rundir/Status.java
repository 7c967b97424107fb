package dev.agentruntime.rundir;

import java.util.EnumSet;
import java.util.Set;

/**
 * The run's status machine (protocol v1). Terminal states never change again. RECOVERING: a failure (agent,
 * sandbox, runtime) is being recovered from the last checkpoint. HANDED_OFF: the run could not finish; its work is
 * pushed and handoff.md says how to resume.
 */
public enum Status {
    CREATED, PROVISIONING, RUNNING, AWAITING_APPROVAL, VERIFYING, RECOVERING, SUCCEEDED, FAILED, CANCELLED, HANDED_OFF;

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED || this == HANDED_OFF;
    }

    /** Statuses this one may move to. Any live status may end as FAILED or CANCELLED, or go RECOVERING. */
    public Set<Status> next() {
        return switch (this) {
            case CREATED -> EnumSet.of(PROVISIONING, FAILED, CANCELLED);
            case PROVISIONING -> EnumSet.of(RUNNING, RECOVERING, FAILED, CANCELLED);
            case RUNNING -> EnumSet.of(AWAITING_APPROVAL, VERIFYING, RECOVERING, FAILED, CANCELLED, HANDED_OFF);
            case AWAITING_APPROVAL -> EnumSet.of(RUNNING, RECOVERING, FAILED, CANCELLED);
            case VERIFYING -> EnumSet.of(SUCCEEDED, RECOVERING, FAILED, CANCELLED, HANDED_OFF);
            case RECOVERING -> EnumSet.of(RUNNING, VERIFYING, RECOVERING, FAILED, CANCELLED, HANDED_OFF); // a resume can die too
            case SUCCEEDED, FAILED, CANCELLED, HANDED_OFF -> EnumSet.noneOf(Status.class);
        };
    }
}
