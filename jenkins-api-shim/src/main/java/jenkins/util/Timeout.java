// Source: core 2.541.3, jenkins.util.Timeout. Shim: only the members the plugin calls.
package jenkins.util;

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
