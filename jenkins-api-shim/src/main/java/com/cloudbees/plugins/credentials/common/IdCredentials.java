// Source: notes §2.5 (credentials 1502, common.IdCredentials).
package com.cloudbees.plugins.credentials.common;

public interface IdCredentials extends com.cloudbees.plugins.credentials.Credentials {
    String getId();
}
