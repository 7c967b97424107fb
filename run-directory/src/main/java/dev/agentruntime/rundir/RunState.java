package dev.agentruntime.rundir;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * state.json: the run's current status and where its parts are. Replaced atomically on every change.
 *
 * @param protocol   run-directory protocol version
 * @param runId      this run
 * @param taskId     the task it executes
 * @param status     see {@link Status}
 * @param reason     why the run is in this status (always set for FAILED and CANCELLED)
 * @param createdAt  when the run was created
 * @param updatedAt  when this state was written
 * @param repo       repository URL or path
 * @param baseBranch branch the work started from
 * @param branch     branch the work goes to
 * @param agent      agent name
 * @param sandbox    container name while one exists
 * @param pid        runtime process id
 * @param host       runtime host name
 * @param turn       last agent turn started
 * @param commit     commit holding the agent's work, once made
 * @param pushed     whether {@code branch} was pushed to the remote
 * @param eventsHead seq and hash of the last line of events.jsonl, written with the final status: the anchor of
 *                   the audit chain
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunState(
        int protocol,
        String runId,
        String taskId,
        Status status,
        String reason,
        Instant createdAt,
        Instant updatedAt,
        String repo,
        String baseBranch,
        String branch,
        String agent,
        String sandbox,
        Long pid,
        String host,
        Integer turn,
        String commit,
        Boolean pushed,
        EventsHead eventsHead) {

    public static final int PROTOCOL = 1;

    /** Where the event log's hash chain ends. */
    public record EventsHead(long seq, String hash) {}

    public RunState withEventsHead(EventsHead head) {
        return new RunState(protocol, runId, taskId, status, reason, createdAt, Instant.now(), repo, baseBranch, branch,
                agent, sandbox, pid, host, turn, commit, pushed, head);
    }

    public RunState withStatus(Status s, String why) {
        return new RunState(protocol, runId, taskId, s, why, createdAt, Instant.now(), repo, baseBranch, branch, agent,
                sandbox, pid, host, turn, commit, pushed, eventsHead);
    }

    public RunState withBranches(String base, String work) {
        return new RunState(protocol, runId, taskId, status, reason, createdAt, Instant.now(), repo, base, work, agent,
                sandbox, pid, host, turn, commit, pushed, eventsHead);
    }

    public RunState withSandbox(String name) {
        return new RunState(protocol, runId, taskId, status, reason, createdAt, Instant.now(), repo, baseBranch, branch,
                agent, name, pid, host, turn, commit, pushed, eventsHead);
    }

    public RunState withTurn(Integer t) {
        return new RunState(protocol, runId, taskId, status, reason, createdAt, Instant.now(), repo, baseBranch, branch,
                agent, sandbox, pid, host, t, commit, pushed, eventsHead);
    }

    /** A new runtime process took the run over (resume). */
    public RunState withOwner(long newPid, String newHost) {
        return new RunState(protocol, runId, taskId, status, reason, createdAt, Instant.now(), repo, baseBranch, branch,
                agent, sandbox, newPid, newHost, turn, commit, pushed, eventsHead);
    }

    public RunState withCommit(String sha, Boolean isPushed) {
        return new RunState(protocol, runId, taskId, status, reason, createdAt, Instant.now(), repo, baseBranch, branch,
                agent, sandbox, pid, host, turn, sha, isPushed, eventsHead);
    }
}
