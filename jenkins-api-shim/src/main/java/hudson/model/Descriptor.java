// Source: notes §2.3 (core 2.541.3, hudson.model.Descriptor; Loadable/Saveable/OnMaster omitted: not used).
package hudson.model;

public abstract class Descriptor<T extends Describable<T>> {
    protected Descriptor(Class<? extends T> clazz) {
        throw new UnsupportedOperationException("shim");
    }

    protected Descriptor() {
        throw new UnsupportedOperationException("shim");
    }

    public String getDisplayName() {
        throw new UnsupportedOperationException("shim");
    }
}
