// Source: notes §2.2 (core 2.541.3, hudson.EnvVars).
package hudson;

import java.util.Map;
import java.util.TreeMap;

public class EnvVars extends TreeMap<String, String> {
    public EnvVars() {
        throw new UnsupportedOperationException("shim");
    }

    public EnvVars(Map<String, String> m) {
        throw new UnsupportedOperationException("shim");
    }

    public String get(String key, String defaultValue) {
        throw new UnsupportedOperationException("shim");
    }

    public String expand(String s) {
        throw new UnsupportedOperationException("shim");
    }
}
