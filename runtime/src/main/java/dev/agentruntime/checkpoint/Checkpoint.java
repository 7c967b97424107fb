package dev.agentruntime.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One checkpoint's manifest ({@code checkpoints/<seq>.json}). The state it names is the one at the start of turn
 * {@code beforeTurn}: every earlier turn's effects are in it, none of that turn's tool calls.
 *
 * @param seq          1, 2, 3… within the run
 * @param ref          {@code refs/agent-runtime/<runId>/<seq>} in the workspace repository
 * @param commit       the checkpoint commit; its tree holds {@code workspace/} and {@code agent-home/}
 * @param workspaceTree the workspace tree alone (tracked and untracked non-ignored files)
 * @param baseCommit   the commit the run started from (the bundle's prerequisite)
 * @param eventsSeq    seq of the last event written before the checkpoint
 * @param usage        turns and tokens used so far
 * @param sandbox      image, setup done, packages seen at the proxy
 * @param agentSession the agent's native session id, when it has one
 * @param bundle       the portable export, relative to the run directory
 */
public record Checkpoint(int protocol, String runId, int seq, int beforeTurn, String ref, String commit, String workspaceTree,
                         String baseCommit, long eventsSeq, JsonNode usage, JsonNode sandbox, String agentSession, String bundle,
                         long millis, Instant createdAt) {
    public static final int PROTOCOL = 1;

    /** The state before the first turn, when the run died before its first checkpoint: the clone as it was. */
    public static Checkpoint initial(String runId, String baseCommit, String baseTree) {
        return new Checkpoint(PROTOCOL, runId, 0, 1, null, baseCommit, baseTree, baseCommit, 0,
                dev.agentruntime.common.Json.object().put("turns", 0), dev.agentruntime.common.Json.object(), null, null, 0, Instant.now());
    }
}
