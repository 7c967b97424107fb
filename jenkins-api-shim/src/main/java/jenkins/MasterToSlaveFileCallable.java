// Source: notes §2.2 (core 2.541.3, jenkins.MasterToSlaveFileCallable).
package jenkins;

public abstract class MasterToSlaveFileCallable<T> implements jenkins.agents.ControllerToAgentFileCallable<T> {
    private static final long serialVersionUID = 1L;
}
