// Source: notes §2.3 (core 2.541.3, hudson.model.BuildListener). Shim: default methods omitted (not called).
package hudson.model;

public interface BuildListener extends TaskListener {
}
