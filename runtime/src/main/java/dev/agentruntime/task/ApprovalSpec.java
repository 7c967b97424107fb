package dev.agentruntime.task;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.agentruntime.util.HumanDuration;
import java.time.Duration;

/**
 * Approvals of actions the policy marks {@code ask}.
 *
 * @param timeout how long a request waits for a human; then it is denied (by "timeout")
 */
public record ApprovalSpec(@JsonDeserialize(using = HumanDuration.Deserializer.class) Duration timeout) {
    public static final ApprovalSpec DEFAULTS = new ApprovalSpec(Duration.ofMinutes(30));
}
