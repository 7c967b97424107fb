// Source: notes §2.2 (remoting 3352, org.jenkinsci.remoting.SerializableOnlyOverRemoting). Shim: type only.
package org.jenkinsci.remoting;

public interface SerializableOnlyOverRemoting extends java.io.Serializable {
}
