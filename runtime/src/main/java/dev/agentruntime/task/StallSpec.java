package dev.agentruntime.task;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.agentruntime.util.HumanDuration;
import java.time.Duration;

/**
 * When an agent counts as stuck.
 *
 * @param after       no agent output, no model traffic and no live child process for this long: hung
 * @param loopRepeats the same tool call with the same arguments this many times in a row: looping
 */
public record StallSpec(@JsonDeserialize(using = HumanDuration.Deserializer.class) Duration after, Integer loopRepeats) {
    public static final StallSpec DEFAULTS = new StallSpec(Duration.ofMinutes(5), 5);

    StallSpec withDefaults() {
        return new StallSpec(after != null ? after : DEFAULTS.after, loopRepeats != null ? loopRepeats : DEFAULTS.loopRepeats);
    }
}
