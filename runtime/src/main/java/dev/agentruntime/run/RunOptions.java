package dev.agentruntime.run;

import java.util.Map;
import java.util.function.Function;

/**
 * How the runtime runs tasks on this machine.
 *
 * @param agents      the agents available
 * @param dockerEnv   extra environment for the docker CLI (e.g. DOCKER_HOST)
 * @param environment where model.apiKeyEnv is looked up (the runtime's environment, never the sandbox's)
 */
public record RunOptions(Agents agents, Map<String, String> dockerEnv, Function<String, String> environment) {
    public static RunOptions defaults() {
        return new RunOptions(Agents.standard(), Map.of(), System::getenv);
    }
}
