// Source: ssh-credentials plugin, com.cloudbees.jenkins.plugins.sshcredentials.SSHUserPrivateKey. Shim: only what the plugin calls.
package com.cloudbees.jenkins.plugins.sshcredentials;

public interface SSHUserPrivateKey extends com.cloudbees.plugins.credentials.common.StandardUsernameCredentials {
    /** The private keys, PEM or OpenSSH text; never empty for a usable credential. */
    java.util.List<String> getPrivateKeys();

    /** The keys' passphrase, or null. */
    hudson.util.Secret getPassphrase();
}
