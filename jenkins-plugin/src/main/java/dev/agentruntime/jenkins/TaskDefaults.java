package dev.agentruntime.jenkins;

import java.util.List;

/**
 * What an admin sets once for every agentTask (system configuration, JCasC {@code unclassified: agentRuntime:}); a
 * step's own parameter always wins.
 *
 * @param egressAllow hosts every task may reach through the runtime's proxy (the task file's {@code egress.allow})
 * @param jvmOptions  options for the runtime's JVM on the node, e.g. {@code -Xmx512m}
 */
public record TaskDefaults(String image, String agent, String model, String baseUrl, String policy, List<String> egressAllow,
                           List<String> jvmOptions) {
    public static final TaskDefaults NONE = new TaskDefaults(null, null, null, null, null, List.of(), List.of());

    public TaskDefaults {
        egressAllow = egressAllow == null ? List.of() : List.copyOf(egressAllow);
        jvmOptions = jvmOptions == null ? List.of() : List.copyOf(jvmOptions);
    }

    /** The step's value when set, else the default. */
    static String pick(String stepValue, String defaultValue) {
        return TaskYaml.isSet(stepValue) ? stepValue : defaultValue;
    }
}
