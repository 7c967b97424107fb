// Source: core 2.541.3, hudson.model.Queue (its nested Executable). Shim: only the members the plugin calls.
package hudson.model;

public class Queue {
    public interface Executable extends Runnable {
    }
}
