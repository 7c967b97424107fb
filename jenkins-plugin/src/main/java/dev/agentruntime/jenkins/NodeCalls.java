package dev.agentruntime.jenkins;

import hudson.remoting.VirtualChannel;
import java.io.File;
import java.nio.file.Path;
import jenkins.MasterToSlaveFileCallable;

/** The file work agentTask does where the run directory lives (the node); each call is a thin wrapper over a plain class. */
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
            } catch (SecurityException | dev.agentruntime.util.BadInputException e) {
                return "not recorded: " + e.getMessage();
            }
        }
    }
}
