package dev.agentruntime.jenkins;

import hudson.AbortException;
import hudson.FilePath;
import hudson.slaves.WorkspaceList;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The runtime command on a node: the step's {@code runtime} (e.g. {@code /opt/agent-runtime/bin/agent-runtime}) when
 * given, else {@code java [JVM options] -jar} the jar that travels inside the plugin ({@link RuntimeJar}).
 */
final class RuntimeCommand {
    private RuntimeCommand() {}

    /** Splits a configured command on whitespace (paths with spaces: use a wrapper script). */
    static List<String> configured(String runtime) {
        return Arrays.stream(runtime.strip().split("\\s+")).toList();
    }

    /** {@code java -jar X} with the admin's JVM options after {@code java}. */
    static List<String> withJvmOptions(List<String> javaJar, List<String> jvmOptions) {
        if (jvmOptions.isEmpty() || javaJar.isEmpty() || !javaJar.get(0).equals("java")) return javaJar;
        List<String> out = new ArrayList<>();
        out.add(javaJar.get(0));
        out.addAll(jvmOptions);
        out.addAll(javaJar.subList(1, javaJar.size()));
        return out;
    }

    /** The workspace's {@code @tmp} sibling, where the plugin keeps what it puts on a node. */
    static FilePath tempDir(FilePath ws) throws AbortException {
        FilePath tmp = WorkspaceList.tempDir(ws);
        if (tmp == null) throw new AbortException(Messages.RuntimeCommand_noTempDir(ws.getRemote()));
        return tmp;
    }

    /** {@code java -jar} the bundled jar, installed into {@code dir} on the node first if needed. */
    static List<String> bundled(FilePath dir) throws IOException, InterruptedException {
        return List.of("java", "-jar", RuntimeJar.install(dir).getRemote());
    }
}
