package dev.agentruntime.jenkins;

import hudson.AbortException;
import hudson.remoting.VirtualChannel;
import java.io.File;
import java.nio.file.Path;
import jenkins.MasterToSlaveFileCallable;

/**
 * The file work agentTask and agentApprove do where the run directory lives (the node); each call is a thin wrapper over
 * a plain class.
 */
final class NodeCalls {
    private NodeCalls() {}

    /** {@link RunPoll#poll} on the node; invoked on the run directory. */
    static final class Poll extends MasterToSlaveFileCallable<RunPoll> {
        private static final long serialVersionUID = 1L;
        private final EventTail tail;

        Poll(EventTail tail) {
            this.tail = tail;
        }

        @Override
        public RunPoll invoke(File runDir, VirtualChannel channel) {
            return RunPoll.poll(runDir.toPath(), tail);
        }
    }

    /** {@link CancelRequest#write} on the node; invoked on the run directory. */
    static final class Cancel extends MasterToSlaveFileCallable<Boolean> {
        private static final long serialVersionUID = 1L;
        private final String by;

        Cancel(String by) {
            this.by = by;
        }

        @Override
        public Boolean invoke(File runDir, VirtualChannel channel) {
            return CancelRequest.write(runDir.toPath(), by);
        }
    }

    /** {@link ApprovalBridge#decide} on the node; invoked on the run directory. Returns a message for the user. */
    static final class Decide extends MasterToSlaveFileCallable<String> {
        private static final long serialVersionUID = 1L;
        private final String requestId;
        private final boolean allow;
        private final String user;
        private final String reason;
        private final String submitters;

        Decide(String requestId, boolean allow, String user, String reason, String submitters) {
            this.requestId = requestId;
            this.allow = allow;
            this.user = user;
            this.reason = reason;
            this.submitters = submitters;
        }

        @Override
        public String invoke(File runDir, VirtualChannel channel) {
            Path dir = runDir.toPath();
            try {
                var d = ApprovalBridge.decide(dir, requestId, allow, user, reason, submitters);
                return requestId + ": " + d.decision() + " by " + d.by();
            } catch (SecurityException | dev.agentruntime.common.BadInputException e) {
                return "not recorded: " + e.getMessage();
            }
        }
    }

    /** {@link GateBridge#open} on the node; invoked on the run directory. A bad run directory fails the step. */
    static final class OpenGate extends MasterToSlaveFileCallable<GateOpened> {
        private static final long serialVersionUID = 1L;
        private final String name;
        private final String message;

        OpenGate(String name, String message) {
            this.name = name;
            this.message = message;
        }

        @Override
        public GateOpened invoke(File runDir, VirtualChannel channel) throws AbortException {
            try {
                return GateBridge.open(runDir.toPath(), name, message);
            } catch (dev.agentruntime.common.BadInputException e) {
                throw new AbortException("agentApprove: " + e.getMessage());
            }
        }
    }

    /** {@link GateBridge#poll} on the node; invoked on the run directory. Null while undecided. */
    static final class PollGate extends MasterToSlaveFileCallable<GateOutcome> {
        private static final long serialVersionUID = 1L;
        private final String gateId;

        PollGate(String gateId) {
            this.gateId = gateId;
        }

        @Override
        public GateOutcome invoke(File runDir, VirtualChannel channel) {
            return GateBridge.poll(runDir.toPath(), gateId);
        }
    }

    /** {@link GateBridge#stop} on the node; invoked on the run directory. */
    static final class StopGate extends MasterToSlaveFileCallable<GateOutcome> {
        private static final long serialVersionUID = 1L;
        private final String gateId;
        private final String reason;

        StopGate(String gateId, String reason) {
            this.gateId = gateId;
            this.reason = reason;
        }

        @Override
        public GateOutcome invoke(File runDir, VirtualChannel channel) {
            return GateBridge.stop(runDir.toPath(), gateId, reason);
        }
    }
}
