// Source: notes §2.3 (core 2.541.3, hudson.model.Run). Shim: only the members the plugin calls; exact generic bounds kept.
package hudson.model;

import java.io.IOException;
import java.nio.charset.Charset;
import jenkins.model.ArtifactManager;

public abstract class Run<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> extends Actionable
        implements hudson.ExtensionPoint, Comparable<RunT> {
    public String getExternalizableId() {
        throw new UnsupportedOperationException("shim");
    }

    public String getUrl() {
        throw new UnsupportedOperationException("shim");
    }

    public final Charset getCharset() {
        throw new UnsupportedOperationException("shim");
    }

    public final synchronized ArtifactManager pickArtifactManager() throws IOException {
        throw new UnsupportedOperationException("shim");
    }

    public JobT getParent() {
        throw new UnsupportedOperationException("shim");
    }

    public synchronized void save() throws IOException {
        throw new UnsupportedOperationException("shim");
    }
}
