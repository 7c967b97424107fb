// Source: core 2.541.3, hudson.util.ClassLoaderSanityThreadFactory. Shim: only the members the plugin calls.
package hudson.util;

import java.util.concurrent.ThreadFactory;

public class ClassLoaderSanityThreadFactory implements ThreadFactory {
    public ClassLoaderSanityThreadFactory(ThreadFactory delegate) {
        throw new UnsupportedOperationException("shim");
    }

    @Override
    public Thread newThread(Runnable r) {
        throw new UnsupportedOperationException("shim");
    }
}
