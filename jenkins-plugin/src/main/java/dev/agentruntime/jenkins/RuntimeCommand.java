package dev.agentruntime.jenkins;

import hudson.FilePath;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;

/**
 * The runtime command on a node: the step's {@code runtime} (e.g. {@code /opt/agent-runtime/bin/agent-runtime}) when
 * given, else {@code java -jar} the runtime jar that travels inside the plugin (resource {@value #BUNDLED_JAR}, put
 * there by the real plugin POM), copied to the node once per version.
 */
final class RuntimeCommand {
    static final String BUNDLED_JAR = "agent-runtime-all.jar";

    private RuntimeCommand() {}

    /** Splits a configured command on whitespace (paths with spaces: use a wrapper script). */
    static List<String> configured(String runtime) {
        return Arrays.stream(runtime.strip().split("\\s+")).toList();
    }

    /** Copies the bundled jar into {@code dir} unless an identical-size copy is there; returns {@code java -jar JAR}. */
    /** {@code java -jar X} with the admin's JVM options after {@code java}. */
    static List<String> withJvmOptions(List<String> javaJar, List<String> jvmOptions) {
        if (jvmOptions.isEmpty() || javaJar.isEmpty() || !javaJar.get(0).equals("java")) return javaJar;
        List<String> out = new java.util.ArrayList<>();
        out.add(javaJar.get(0));
        out.addAll(jvmOptions);
        out.addAll(javaJar.subList(1, javaJar.size()));
        return out;
    }

    static List<String> bundled(FilePath dir) throws IOException, InterruptedException {
        String version = RuntimeCommand.class.getPackage().getImplementationVersion();
        FilePath jar = dir.child("agent-runtime-" + (version == null ? "dev" : version) + ".jar");
        try (InputStream probe = RuntimeCommand.class.getResourceAsStream(BUNDLED_JAR)) {
            if (probe == null) {
                throw new IOException("this build of the plugin carries no runtime jar; set agentTask's runtime to the agent-runtime command on the node");
            }
        }
        long size = sizeOfBundled();
        if (!jar.exists() || jar.length() != size) {
            dir.mkdirs();
            FilePath tmp = dir.child(jar.getRemote().substring(jar.getRemote().lastIndexOf('/') + 1) + ".tmp");
            try (InputStream in = RuntimeCommand.class.getResourceAsStream(BUNDLED_JAR)) {
                tmp.copyFrom(in);
            }
            tmp.renameTo(jar);
        }
        return List.of("java", "-jar", jar.getRemote());
    }

    private static long sizeOfBundled() throws IOException {
        try (InputStream in = RuntimeCommand.class.getResourceAsStream(BUNDLED_JAR)) {
            return in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }
}
