package dev.agentruntime.jenkins;

import dev.agentruntime.events.Event;
import dev.agentruntime.events.EventFormatter;
import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.rundir.RunState;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One look at a run directory from where it lives (the node): the status, the events since {@code tail} as one human
 * line each, the pending approval requests and, once the run has ended, its result and artifacts. Serializable: the
 * node computes it, the controller prints it. State is read before events, so when the status is final the events
 * are complete (docs/run-directory.md, ordering guarantee).
 *
 * @param status    state.json status, or null before the runtime wrote it
 * @param lines     one formatted line per new event, in seq order (not yet masked: the controller masks)
 * @param next      the tail position after these events
 * @param pending   approval requests without a decision
 * @param result    the step's return value once the run ended, else null
 * @param artifacts what to archive once the run ended, else null
 * @param heartbeatAgeMillis age of heartbeat.json, or -1 when there is none
 */
public record RunPoll(String status, List<String> lines, EventTail next, List<PendingApproval> pending, Map<String, Object> result,
                      Map<String, String> artifacts, long heartbeatAgeMillis) implements Serializable {
    private static final long serialVersionUID = 1L;

    public boolean ended() {
        return result != null;
    }

    public static RunPoll poll(Path runDir, EventTail tail) {
        RunDirectory dir = new RunDirectory(runDir);
        RunState state = dir.exists() ? dir.readState() : null;
        EventTail.Read read = tail.read(dir.events());
        List<String> lines = read.events().stream().map(RunPoll::line).toList();
        boolean ended = state != null && state.status().isTerminal();
        return new RunPoll(state == null ? null : state.status().name(), lines, read.next(), ApprovalBridge.pending(runDir),
                ended ? RunResult.of(runDir) : null, ended ? ArtifactList.of(runDir) : null, heartbeatAge(dir));
    }

    static String line(Event e) {
        return "[agent " + e.seq() + "] " + EventFormatter.format(e);
    }

    private static long heartbeatAge(RunDirectory dir) {
        try {
            return Files.exists(dir.heartbeat()) ? System.currentTimeMillis() - Files.getLastModifiedTime(dir.heartbeat()).toMillis() : -1;
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
