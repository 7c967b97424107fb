// Source: credentials plugin, common.StandardUsernamePasswordCredentials (getPassword from PasswordCredentials);
// github-branch-source's GitHubAppCredentials implements it. Shim: only what the plugin calls.
package com.cloudbees.plugins.credentials.common;

public interface StandardUsernamePasswordCredentials extends StandardUsernameCredentials {
    hudson.util.Secret getPassword();
}
