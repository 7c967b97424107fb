package dev.agentruntime.jenkins;

import dev.agentruntime.common.Masker;
import java.util.Collection;
import java.util.List;

/**
 * Masks the secrets Jenkins knows (the model API key, credentials bound around the step) in every line the plugin
 * writes to the build log, in all the encodings the runtime's {@link Masker} covers. The runtime already masks the
 * task's own secrets in events; this covers values only Jenkins knows. Holds the values: build it on the controller
 * from credentials, never persist it.
 */
public final class LogMasker {
    private final Masker masker;

    public LogMasker(Collection<String> secrets) {
        this.masker = new Masker(secrets);
    }

    public static LogMasker none() {
        return new LogMasker(List.of());
    }

    public String mask(String line) {
        return masker.mask(line);
    }

    public List<String> mask(List<String> lines) {
        return lines.stream().map(this::mask).toList();
    }
}
