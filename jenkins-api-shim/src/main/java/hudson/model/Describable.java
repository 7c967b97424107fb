// Source: notes §2.3 (core 2.541.3, hudson.model.Describable).
package hudson.model;

public interface Describable<T extends Describable<T>> {
    default Descriptor<T> getDescriptor() {
        throw new UnsupportedOperationException("shim");
    }
}
