// Source: notes §2.2 (remoting 3352, org.jenkinsci.remoting.RoleSensitive).
package org.jenkinsci.remoting;

public interface RoleSensitive {
    void checkRoles(RoleChecker checker) throws SecurityException;
}
