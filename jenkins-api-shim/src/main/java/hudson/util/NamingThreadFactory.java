// Source: core 2.541.3, hudson.util.NamingThreadFactory. Shim: only the members the plugin calls.
package hudson.util;

import java.util.concurrent.ThreadFactory;

public final class NamingThreadFactory implements ThreadFactory {
    public NamingThreadFactory(ThreadFactory delegate, String name) {
        throw new UnsupportedOperationException("shim");
    }

    @Override
    public Thread newThread(Runnable r) {
        throw new UnsupportedOperationException("shim");
    }
}
