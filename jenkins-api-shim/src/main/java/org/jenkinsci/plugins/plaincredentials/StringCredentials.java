// Source: notes §2.5 (plain-credentials 199, org.jenkinsci.plugins.plaincredentials.StringCredentials).
package org.jenkinsci.plugins.plaincredentials;

import hudson.util.Secret;

public interface StringCredentials extends com.cloudbees.plugins.credentials.common.StandardCredentials {
    Secret getSecret();
}
