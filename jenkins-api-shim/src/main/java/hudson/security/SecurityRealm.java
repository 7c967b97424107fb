// Source: core 2.541.3, hudson.security.SecurityRealm. Shim: only the members the plugin calls.
package hudson.security;

import jenkins.model.IdStrategy;

public abstract class SecurityRealm {
    public IdStrategy getUserIdStrategy() {
        throw new UnsupportedOperationException("shim");
    }

    public IdStrategy getGroupIdStrategy() {
        throw new UnsupportedOperationException("shim");
    }
}
