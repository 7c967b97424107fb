// Source: notes §2.2 (core 2.541.3, jenkins.agents.ControllerToAgentFileCallable, @since 2.485).
package jenkins.agents;

import org.jenkinsci.remoting.RoleChecker;

public interface ControllerToAgentFileCallable<T> extends hudson.FilePath.FileCallable<T> {
    @Override
    default void checkRoles(RoleChecker checker) throws SecurityException {
        throw new UnsupportedOperationException("shim");
    }
}
