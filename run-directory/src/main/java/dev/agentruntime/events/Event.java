package dev.agentruntime.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One line of events.jsonl (protocol v1, see docs/run-directory.md).
 *
 * @param v     event schema version
 * @param seq   1-based, gap-free position in the run's log
 * @param ts    when the runtime recorded it
 * @param runId the run it belongs to
 * @param turn  agent turn that caused it, or null outside the agent phase
 * @param type   dotted event type, e.g. {@code tool.call}
 * @param actor  who is accountable: the worker identity {@code agent-runtime/<taskId>/<runId>}, or a human
 * @param source which part produced it: runtime, git, sandbox, agent, model, verify
 * @param data   type-specific payload
 * @param prev   SHA-256 (hex) of the previous line of events.jsonl, or of the run id for the first line: the
 *               hash chain that {@code agent-runtime audit verify} checks
 */
/* Newer writers may add envelope fields; old readers skip them rather than the event. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"v", "seq", "ts", "runId", "turn", "type", "actor", "source", "data", "prev"})
public record Event(int v, long seq, Instant ts, String runId, Integer turn, String type, String actor, String source,
                    ObjectNode data, String prev) {
    public static final int SCHEMA_VERSION = 1;

    public String text(String field) {
        return data != null && data.hasNonNull(field) ? data.get(field).asText() : null;
    }
}
