// Source: core 2.541.3, hudson.security.AccessControlled. Shim: only the members the plugin calls.
package hudson.security;

public interface AccessControlled {
    default boolean hasPermission(Permission permission) {
        throw new UnsupportedOperationException("shim");
    }
}
