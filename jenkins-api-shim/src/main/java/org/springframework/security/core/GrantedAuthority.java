// Source: Spring Security 6, org.springframework.security.core.GrantedAuthority (core 2.541.3 uses it).
package org.springframework.security.core;

public interface GrantedAuthority extends java.io.Serializable {
    String getAuthority();
}
