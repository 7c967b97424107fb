package dev.agentruntime.task;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.agentruntime.util.HumanDuration;
import java.time.Duration;

/**
 * Limits that stop the agent with a recorded reason.
 *
 * @param wallClock time the agent may run, e.g. {@code 30m}
 * @param turns     model turns (one request/response each)
 * @param tokens    input + output tokens over all turns
 */
public record Budgets(
        @JsonDeserialize(using = HumanDuration.Deserializer.class) Duration wallClock,
        Integer turns,
        Long tokens) {

    public static final Budgets DEFAULTS = new Budgets(Duration.ofMinutes(30), 50, 2_000_000L);

    Budgets withDefaults() {
        return new Budgets(
                wallClock != null ? wallClock : DEFAULTS.wallClock,
                turns != null ? turns : DEFAULTS.turns,
                tokens != null ? tokens : DEFAULTS.tokens);
    }
}
