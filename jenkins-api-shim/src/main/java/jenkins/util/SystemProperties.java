// Source: core 2.541.3, jenkins.util.SystemProperties. Shim: only the members the plugin calls.
package jenkins.util;

public class SystemProperties {
    public static Long getLong(String name, Long def) {
        throw new UnsupportedOperationException("shim");
    }
}
