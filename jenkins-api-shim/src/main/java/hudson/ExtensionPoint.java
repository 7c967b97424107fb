// Source: notes §2.2 (core 2.541.3, hudson.ExtensionPoint).
package hudson;

public interface ExtensionPoint {
}
