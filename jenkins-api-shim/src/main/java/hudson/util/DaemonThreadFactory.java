// Source: core 2.541.3, hudson.util.DaemonThreadFactory. Shim: only the members the plugin calls.
package hudson.util;

import java.util.concurrent.ThreadFactory;

public class DaemonThreadFactory implements ThreadFactory {
    public DaemonThreadFactory() {
        throw new UnsupportedOperationException("shim");
    }

    @Override
    public Thread newThread(Runnable r) {
        throw new UnsupportedOperationException("shim");
    }
}
