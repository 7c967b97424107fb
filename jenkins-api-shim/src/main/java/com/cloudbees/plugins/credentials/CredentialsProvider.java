// Source: notes §2.5 (credentials 1502, com.cloudbees.plugins.credentials.CredentialsProvider). Shim: only the statics the plugin calls.
package com.cloudbees.plugins.credentials;

import com.cloudbees.plugins.credentials.common.IdCredentials;
import hudson.model.Run;

public abstract class CredentialsProvider extends hudson.model.Descriptor<CredentialsProvider>
        implements hudson.ExtensionPoint, hudson.model.Describable<CredentialsProvider> {
    public static <C extends IdCredentials> C findCredentialById(String id, Class<C> type, Run<?, ?> run) {
        throw new UnsupportedOperationException("shim");
    }

    public static <C extends Credentials> C track(Run build, C credentials) {
        throw new UnsupportedOperationException("shim");
    }
}
