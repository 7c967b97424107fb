// Source: notes §2.3 (core 2.541.3, jenkins.model.Jenkins). Shim: only the members the plugin calls.
package jenkins.model;

import hudson.security.AccessControlled;
import hudson.security.Permission;
import hudson.security.SecurityRealm;

public class Jenkins implements AccessControlled {
    public static final Permission ADMINISTER = null;

    public static Jenkins get() {
        throw new UnsupportedOperationException("shim");
    }

    public static org.springframework.security.core.Authentication getAuthentication2() {
        throw new UnsupportedOperationException("shim");
    }

    public String getRootUrl() {
        throw new UnsupportedOperationException("shim");
    }

    public boolean isUseSecurity() {
        throw new UnsupportedOperationException("shim");
    }

    public SecurityRealm getSecurityRealm() {
        throw new UnsupportedOperationException("shim");
    }
}
