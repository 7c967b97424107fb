package dev.agentruntime.jenkins;

import hudson.FilePath;
import hudson.remoting.VirtualChannel;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import jenkins.agents.ControllerToAgentFileCallable;

/**
 * The runtime jar that travels inside the plugin (resource {@value #RESOURCE}, put there by the plugin POM) and its
 * copy on a node: {@code agent-runtime-<sha256 prefix>.jar} in the given directory, so a new plugin version never runs
 * an old jar. Installing is safe when parallel branches of a build (or several builds) do it at once: each writes its
 * own temporary file and renames it into place, and a rename over an identical file changes nothing for a runtime
 * that already started from it.
 */
final class RuntimeJar {
    static final String RESOURCE = "agent-runtime-all.jar";

    /** The bundled jar's SHA-256 and size, computed once. */
    private record Content(String sha256, long size) {}

    private static Content content;

    private RuntimeJar() {}

    /** Whether this build of the plugin carries the jar (the offline build does not). */
    static boolean bundled() {
        return RuntimeJar.class.getResource(RESOURCE) != null;
    }

    /** Copies the jar into {@code dir} unless it is there already; returns it. */
    static FilePath install(FilePath dir) throws IOException, InterruptedException {
        if (!bundled()) {
            throw new IOException(Messages.RuntimeJar_notBundled());
        }
        Content c = content();
        String name = "agent-runtime-" + c.sha256().substring(0, 16) + ".jar";
        FilePath jar = dir.child(name);
        if (StepThreads.remote(() -> jar.exists() && jar.length() == c.size())) return jar;
        StepThreads.remote(() -> {
            dir.mkdirs();
            return null;
        });
        FilePath tmp = StepThreads.remote(() -> dir.createTempFile(name + ".", ".tmp"));
        try {
            StepThreads.limited(StepThreads.COPY_TIMEOUT_SECONDS, () -> {
                try (InputStream in = RuntimeJar.class.getResourceAsStream(RESOURCE)) {
                    tmp.copyFrom(in);
                }
                return null;
            });
            StepThreads.remote(() -> tmp.act(new MoveInto(jar.getRemote())));
        } finally {
            StepThreads.remote(tmp::delete);
        }
        return jar;
    }

    /**
     * Renames the temporary copy over the jar (an atomic rename replaces an existing file on POSIX; FilePath#renameTo
     * refuses to, so a second parallel branch failed once the first had installed it).
     */
    private record MoveInto(String target) implements ControllerToAgentFileCallable<Void> {
        private static final long serialVersionUID = 1L;

        @Override
        public Void invoke(File tmp, VirtualChannel channel) throws IOException {
            Files.move(tmp.toPath(), Path.of(target), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return null;
        }
    }

    private static synchronized Content content() throws IOException {
        if (content == null) {
            try (InputStream raw = RuntimeJar.class.getResourceAsStream(RESOURCE);
                 DigestInputStream in = new DigestInputStream(raw, MessageDigest.getInstance("SHA-256"))) {
                long size = in.transferTo(OutputStream.nullOutputStream());
                content = new Content(HexFormat.of().formatHex(in.getMessageDigest().digest()), size);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return content;
    }
}
