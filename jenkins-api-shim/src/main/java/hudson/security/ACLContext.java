// Source: core 2.541.3, hudson.security.ACLContext. Shim: only the members the plugin calls.
package hudson.security;

public class ACLContext implements AutoCloseable {
    @Override
    public void close() {
        throw new UnsupportedOperationException("shim");
    }
}
