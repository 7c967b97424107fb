package dev.agentruntime.rundir;

import java.util.EnumSet;
import java.util.Set;

/** The run's status machine (protocol v1). Terminal states never change again. */
public enum Status {
    CREATED, PROVISIONING, RUNNING, AWAITING_APPROVAL, VERIFYING, SUCCEEDED, FAILED, CANCELLED;

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    /** Statuses this one may move to. Any live status may end as FAILED or CANCELLED. */
    public Set<Status> next() {
        return switch (this) {
            case CREATED -> EnumSet.of(PROVISIONING, FAILED, CANCELLED);
            case PROVISIONING -> EnumSet.of(RUNNING, FAILED, CANCELLED);
            case RUNNING -> EnumSet.of(AWAITING_APPROVAL, VERIFYING, FAILED, CANCELLED);
            case AWAITING_APPROVAL -> EnumSet.of(RUNNING, FAILED, CANCELLED);
            case VERIFYING -> EnumSet.of(SUCCEEDED, FAILED, CANCELLED);
            case SUCCEEDED, FAILED, CANCELLED -> EnumSet.noneOf(Status.class);
        };
    }
}
