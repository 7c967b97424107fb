// Source: notes §2.5 (credentials 1502, common.StandardCredentials).
package com.cloudbees.plugins.credentials.common;

public interface StandardCredentials extends IdCredentials {
    String getDescription();
}
