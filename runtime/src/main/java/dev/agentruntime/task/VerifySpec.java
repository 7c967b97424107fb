package dev.agentruntime.task;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.agentruntime.util.HumanDuration;
import java.time.Duration;
import java.util.List;

/**
 * What must pass after the agent finishes. Written either as a plain list of commands or as an object.
 *
 * @param commands     shell commands run in order in the sandbox; the first failure stops verification
 * @param junitReports globs (relative to the workspace) of JUnit XML files the commands write
 * @param timeout      limit per command
 * @param compareWithBase when tests fail: run them again on the agent's commit and on the base commit, label each
 *                     failure introduced | pre-existing | flaky, and pass when none was introduced
 */
public record VerifySpec(
        List<String> commands,
        List<String> junitReports,
        @JsonDeserialize(using = HumanDuration.Deserializer.class) Duration timeout,
        Boolean compareWithBase) {

    public static final List<String> DEFAULT_JUNIT = List.of("**/TEST-*.xml", "**/junit*.xml", "**/*-junit.xml");
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(15);

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public VerifySpec {}

    /** {@code verify: ["cmd1", "cmd2"]}. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static VerifySpec ofCommands(List<String> commands) {
        return new VerifySpec(commands, null, null, null);
    }

    VerifySpec withDefaults() {
        return new VerifySpec(
                commands == null ? List.of() : commands,
                junitReports == null ? DEFAULT_JUNIT : junitReports,
                timeout == null ? DEFAULT_TIMEOUT : timeout,
                Boolean.TRUE.equals(compareWithBase));
    }
}
