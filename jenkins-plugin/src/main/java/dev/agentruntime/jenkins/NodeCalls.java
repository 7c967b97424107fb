package dev.agentruntime.jenkins;

import dev.agentruntime.common.BadInputException;
import hudson.AbortException;
import hudson.remoting.VirtualChannel;
import java.io.File;
import jenkins.agents.ControllerToAgentFileCallable;

/**
 * The file work agentTask, agentApprove and the build page do where the run directory lives (the node), each invoked
 * on the run directory and each a thin wrapper over a plain class. Authorisation happens on the controller before a
 * call is made; the node only reads and writes the run directory.
 */
final class NodeCalls {
    private NodeCalls() {}

    /** {@link RunPoll#poll}. */
    record Poll(EventTail tail) implements ControllerToAgentFileCallable<RunPoll> {
        private static final long serialVersionUID = 1L;

        @Override
        public RunPoll invoke(File runDir, VirtualChannel channel) {
            return RunPoll.poll(runDir.toPath(), tail);
        }
    }

    /** {@link CancelRequest#write}. */
    record Cancel(String by) implements ControllerToAgentFileCallable<Boolean> {
        private static final long serialVersionUID = 1L;

        @Override
        public Boolean invoke(File runDir, VirtualChannel channel) {
            return CancelRequest.write(runDir.toPath(), by);
        }
    }

    /** {@link ApprovalBridge#decideOrRead} for a user the controller allowed: the decision that stands. */
    record Decide(String requestId, boolean allow, String user, String reason) implements ControllerToAgentFileCallable<Decided> {
        private static final long serialVersionUID = 1L;

        @Override
        public Decided invoke(File runDir, VirtualChannel channel) throws AbortException {
            try {
                return ApprovalBridge.decideOrRead(runDir.toPath(), requestId, allow, user, reason);
            } catch (BadInputException e) {
                throw new AbortException(e.getMessage());
            }
        }
    }

    /** {@link ApprovalBridge#standing}: null while undecided. */
    record Standing(String requestId) implements ControllerToAgentFileCallable<Decided> {
        private static final long serialVersionUID = 1L;

        @Override
        public Decided invoke(File runDir, VirtualChannel channel) {
            return ApprovalBridge.standing(runDir.toPath(), requestId);
        }
    }

    /** {@link GateBridge#open}; a bad run directory fails the step. */
    record OpenGate(String name, String message) implements ControllerToAgentFileCallable<GateOpened> {
        private static final long serialVersionUID = 1L;

        @Override
        public GateOpened invoke(File runDir, VirtualChannel channel) throws AbortException {
            try {
                return GateBridge.open(runDir.toPath(), name, message);
            } catch (BadInputException e) {
                throw new AbortException("agentApprove: " + e.getMessage());
            }
        }
    }
}
