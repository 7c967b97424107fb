// Source: notes §2.3 (core 2.541.3, jenkins.model.Jenkins#getAuthentication2). Shim: only the member the plugin calls.
package jenkins.model;

public class Jenkins {
    public static org.springframework.security.core.Authentication getAuthentication2() {
        throw new UnsupportedOperationException("shim");
    }
}
