package dev.agentruntime.task;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.agentruntime.util.HumanDuration;
import java.time.Duration;

/**
 * Limits that stop the agent with a recorded reason.
 *
 * @param wallClock    time the agent may run, e.g. {@code 30m}
 * @param turns        model turns (one request/response each)
 * @param tokens       input + output tokens over all turns
 * @param runDirectory size the run directory may take besides the workspace and agent home (which
 *                     {@code sandbox.disk} limits): checkpoint bundles, agent output, events, reports; e.g. {@code 2g}
 */
public record Budgets(
        @JsonDeserialize(using = HumanDuration.Deserializer.class) Duration wallClock,
        Integer turns,
        Long tokens,
        String runDirectory) {

    public static final Budgets DEFAULTS = new Budgets(Duration.ofMinutes(30), 50, 2_000_000L, "2g");

    public Budgets(Duration wallClock, Integer turns, Long tokens) {
        this(wallClock, turns, tokens, null);
    }

    /** Bytes of {@link #runDirectory}. */
    public long runDirectoryBytes() {
        return Sizes.bytes(runDirectory != null ? runDirectory : DEFAULTS.runDirectory);
    }

    Budgets withDefaults() {
        return new Budgets(
                wallClock != null ? wallClock : DEFAULTS.wallClock,
                turns != null ? turns : DEFAULTS.turns,
                tokens != null ? tokens : DEFAULTS.tokens,
                runDirectory != null ? runDirectory : DEFAULTS.runDirectory);
    }
}
