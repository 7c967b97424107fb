// Source: notes §2.5 (core 2.541.3, hudson.util.Secret).
package hudson.util;

public final class Secret implements java.io.Serializable {
    private Secret() {
        throw new UnsupportedOperationException("shim");
    }

    public String getPlainText() {
        throw new UnsupportedOperationException("shim");
    }
}
