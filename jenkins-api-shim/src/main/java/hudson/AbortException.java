// Source: notes §2.2 (core 2.541.3, hudson.AbortException).
package hudson;

public class AbortException extends java.io.IOException {
    public AbortException() {
        throw new UnsupportedOperationException("shim");
    }

    public AbortException(String message) {
        throw new UnsupportedOperationException("shim");
    }
}
