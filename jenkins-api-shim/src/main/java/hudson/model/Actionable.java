// Source: notes §2.3 (core 2.541.3, hudson.model.Actionable members inherited by Run). Shim: only the members the plugin calls.
package hudson.model;

public abstract class Actionable {
    public <T extends Action> T getAction(Class<T> type) {
        throw new UnsupportedOperationException("shim");
    }

    public boolean addOrReplaceAction(Action a) {
        throw new UnsupportedOperationException("shim");
    }
}
