// Source: groovy 2.4 (Jenkins core), groovy.lang.Binding. Shim: only the members the plugin calls.
package groovy.lang;

public class Binding {
    public boolean hasVariable(String name) {
        throw new UnsupportedOperationException("shim");
    }

    public Object getVariable(String name) {
        throw new UnsupportedOperationException("shim");
    }

    public void setVariable(String name, Object value) {
        throw new UnsupportedOperationException("shim");
    }
}
