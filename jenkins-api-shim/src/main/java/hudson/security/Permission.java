// Source: core 2.541.3, hudson.security.Permission. Shim: type only.
package hudson.security;

public final class Permission {
    private Permission() {}
}
