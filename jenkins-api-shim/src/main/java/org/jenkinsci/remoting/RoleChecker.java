// Source: notes §2.2 (remoting 3352, org.jenkinsci.remoting.RoleChecker). Shim: type only.
package org.jenkinsci.remoting;

public abstract class RoleChecker {
}
