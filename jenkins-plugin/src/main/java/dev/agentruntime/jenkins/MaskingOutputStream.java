package dev.agentruntime.jenkins;

import hudson.console.LineTransformationOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Output of a process the plugin runs (agentPublishPR), masked line by line before it reaches the build log. */
final class MaskingOutputStream extends LineTransformationOutputStream.Delegating {
    private final LogMasker masker;

    MaskingOutputStream(OutputStream out, LogMasker masker) {
        super(out);
        this.masker = masker;
    }

    @Override
    protected void eol(byte[] b, int len) throws IOException {
        String line = new String(b, 0, len, StandardCharsets.UTF_8);
        out.write(masker.mask(line).getBytes(StandardCharsets.UTF_8));
    }
}
