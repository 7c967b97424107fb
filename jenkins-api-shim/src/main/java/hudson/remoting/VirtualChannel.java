// Source: notes §2.2 (remoting 3352, hudson.remoting.VirtualChannel). Shim: no member is called by the plugin.
package hudson.remoting;

public interface VirtualChannel {
}
