// Source: notes §2.3 names it as the return type of Jenkins#getAuthentication2; shape from Spring Security 6 (extends Principal: getName()).
package org.springframework.security.core;

import java.util.Collection;

public interface Authentication extends java.security.Principal, java.io.Serializable {
    Collection<? extends GrantedAuthority> getAuthorities();
}
