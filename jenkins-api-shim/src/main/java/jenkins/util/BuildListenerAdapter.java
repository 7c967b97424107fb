// Source: notes §2.3 (core 2.541.3, jenkins.util.BuildListenerAdapter).
package jenkins.util;

import hudson.model.BuildListener;
import hudson.model.TaskListener;

public final class BuildListenerAdapter implements BuildListener {
    public BuildListenerAdapter(TaskListener delegate) {
        throw new UnsupportedOperationException("shim");
    }

    public static BuildListener wrap(TaskListener l) {
        throw new UnsupportedOperationException("shim");
    }

    @Override
    public java.io.PrintStream getLogger() {
        throw new UnsupportedOperationException("shim");
    }
}
