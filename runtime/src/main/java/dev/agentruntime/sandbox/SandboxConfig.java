package dev.agentruntime.sandbox;

import java.nio.file.Path;
import java.util.Map;

/**
 * Everything needed to create one run's sandbox container.
 *
 * @param runId        the run; becomes the container name suffix and the {@code agent-runtime.run} label
 * @param image        image with git, bash, python3, socat and a uid-1000 user
 * @param workspace    host directory mounted read-write at {@link Sandbox#WORKSPACE}; its .git is mounted read-only
 * @param agentHome    host directory mounted at {@link Sandbox#HOME} (HOME and TMPDIR)
 * @param memory       {@code --memory}
 * @param cpus         {@code --cpus}
 * @param pids         {@code --pids-limit}
 * @param readOnlyRoot {@code --read-only}
 * @param env          extra environment for every process in the sandbox (never secrets)
 * @param socketDir    host directory of the runtime's unix sockets, mounted at {@link Sandbox#SOCKETS}; or null
 */
public record SandboxConfig(String runId, String image, Path workspace, Path agentHome, String memory, double cpus,
                            int pids, boolean readOnlyRoot, Map<String, String> env, Path socketDir) {}
