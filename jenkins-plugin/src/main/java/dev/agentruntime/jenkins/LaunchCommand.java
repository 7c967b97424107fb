package dev.agentruntime.jenkins;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How agentTask starts the runtime on a node so that it outlives the build step and the controller: {@code sh -c}
 * that backgrounds {@code nohup setsid RUNTIME run TASK --run-id ID --runs-dir DIR --quiet} with stdin from /dev/null
 * and output appended to a launch log, then exits at once. The run id is chosen by the controller, so the run
 * directory is known before the process starts; the cookie variable marks the process (and everything it starts)
 * so that it can be found and killed by environment, as durable-task does with JENKINS_SERVER_COOKIE.
 *
 * @param runtime  the runtime command on the node, e.g. {@code [java, -jar, /path/agent-runtime-all.jar]}
 * @param taskFile the task file on the node
 * @param runId    the run id (rundir.RunId format)
 * @param runsDir  the runs directory on the node
 * @param launchLog where the runtime's own stdout/stderr go (the build log shows events, not this)
 * @param cookie   value of {@link #COOKIE_VARIABLE}
 * @param secretEnv environment only the runtime process gets (the model API key); never written to disk
 */
public record LaunchCommand(List<String> runtime, String taskFile, String runId, String runsDir, String launchLog, String cookie,
                            Map<String, String> secretEnv) {
    public static final String COOKIE_VARIABLE = "AGENT_RUNTIME_JENKINS_COOKIE";
    /** The variable the model API key from Jenkins credentials is passed in; the task's model.apiKeyEnv names it. */
    public static final String MODEL_KEY_VARIABLE = "AGENT_RUNTIME_MODEL_KEY";

    public LaunchCommand {
        runtime = List.copyOf(runtime);
        secretEnv = Map.copyOf(secretEnv);
        if (runtime.isEmpty()) throw new IllegalArgumentException("no runtime command");
    }

    /** The runtime's own arguments. */
    public List<String> runtimeArgs() {
        List<String> args = new ArrayList<>(runtime);
        args.addAll(List.of("run", taskFile, "--run-id", runId, "--runs-dir", runsDir, "--quiet"));
        return args;
    }

    /** The argv to launch (through the node's Launcher, or a ProcessBuilder): returns as soon as the runtime is detached. */
    public List<String> argv() {
        String detached = "nohup $setsid " + ShellQuote.join(runtimeArgs()) + " </dev/null >>" + ShellQuote.quote(launchLog) + " 2>&1 &";
        // setsid (util-linux) puts the runtime in its own session: a build's process-group kill cannot reach it.
        String script = "setsid=; command -v setsid >/dev/null 2>&1 && setsid=setsid; " + detached;
        return List.of("sh", "-c", script);
    }

    /** Environment added for the launched process: the cookie and the secrets. */
    public Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>(secretEnv);
        env.put(COOKIE_VARIABLE, cookie);
        return env;
    }

    /** Names the environment variables, never their values. */
    @Override
    public String toString() {
        return "LaunchCommand" + argv() + " env " + env().keySet();
    }
}
