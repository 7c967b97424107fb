// Source: credentials plugin, common.StandardUsernameCredentials (getUsername from UsernameCredentials). Shim: only what the plugin calls.
package com.cloudbees.plugins.credentials.common;

public interface StandardUsernameCredentials extends StandardCredentials {
    String getUsername();
}
