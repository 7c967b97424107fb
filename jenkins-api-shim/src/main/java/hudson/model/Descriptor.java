// Source: notes §2.3 (core 2.541.3, hudson.model.Descriptor; OnMaster omitted: not used). load()/save(): core
// hudson/model/Descriptor.java (implements Saveable, Loadable: public synchronized void load(); public synchronized void save()).
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

    public synchronized void load() {
        throw new UnsupportedOperationException("shim");
    }

    public synchronized void save() {
        throw new UnsupportedOperationException("shim");
    }
}
