// Source: notes §2.3 (core 2.541.3, hudson.model.Result). Shim: type only (StepContext#setResult names it).
package hudson.model;

public final class Result implements java.io.Serializable {
    public static final Result ABORTED = null;

    private Result() {
        throw new UnsupportedOperationException("shim");
    }
}
