// Source: workflow-support, org.jenkinsci.plugins.workflow.support.concurrent.Timeout (what durable-task-step uses). Shim: only the members the plugin calls.
package org.jenkinsci.plugins.workflow.support.concurrent;

import java.util.concurrent.TimeUnit;

public final class Timeout implements AutoCloseable {
    public static Timeout limit(final long time, final TimeUnit unit) {
        throw new UnsupportedOperationException("shim");
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("shim");
    }
}
