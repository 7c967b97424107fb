// Source: notes §2.5 (credentials 1502, com.cloudbees.plugins.credentials.Credentials). Shim: members not called are omitted.
package com.cloudbees.plugins.credentials;

public interface Credentials extends hudson.model.Describable<Credentials>, java.io.Serializable, hudson.ExtensionPoint {
}
