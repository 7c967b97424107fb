package dev.agentruntime.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentruntime.checkpoint.Checkpoints;
import dev.agentruntime.events.Event;
import dev.agentruntime.events.EventReader;
import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.rundir.RunState;
import dev.agentruntime.common.Masker;
import dev.agentruntime.task.TaskSpec;
import dev.agentruntime.common.AtomicFiles;
import dev.agentruntime.common.Json;
import dev.agentruntime.common.Text;
import dev.agentruntime.verify.VerifyResult;
import java.util.List;

/**
 * When a run cannot finish (budgets, recovery exhausted, verification keeps failing): handoff.json and handoff.md
 * in the run directory — the goal, what each turn did, what failed, what was denied, usage, where the work is, and
 * the exact command that continues it with the same or another agent.
 */
final class Handoff {
    private Handoff() {}

    static void write(RunDirectory dir, TaskSpec task, RunState state, String reason, VerifyResult verification, Masker masker) {
        List<Event> events = EventReader.readAll(dir.events());
        ObjectNode h = Json.object().put("runId", dir.runId()).put("taskId", task.id()).put("goal", task.instructions())
                .put("reason", reason).put("agent", task.agent());
        ArrayNode turns = h.putArray("turns");
        ObjectNode current = null;
        for (Event e : events) {
            if (e.type().equals("turn.started")) current = turns.addObject().put("turn", e.turn());
            else if (current != null && e.type().equals("tool.call")) {
                current.withArray("calls").add(e.text("name") + " " + Text.abbreviate(e.data().path("arguments").toString(), 160));
            } else if (current != null && e.type().equals("tool.result") && "error".equals(e.text("status"))) {
                current.withArray("errors").add(Text.abbreviate(e.text("outputTail"), 300));
            } else if (current != null && e.type().equals("assistant.message")) {
                current.put("said", Text.abbreviate(e.text("text"), 300));
            }
        }
        ArrayNode failing = h.putArray("failingTests");
        if (verification != null && verification.junit() != null) {
            verification.junit().failures().forEach(f -> failing.add(f.suite() + "." + f.name() + ": " + Text.abbreviate(f.message(), 200)));
        }
        ArrayNode denied = h.putArray("denied");
        events.stream().filter(e -> e.type().equals("policy.denied") || (e.type().equals("approval.decided") && "deny".equals(e.text("decision"))))
                .forEach(e -> denied.add(e.text("action") + " " + e.text("subject") + " (" + e.actor() + ")"));
        h.putObject("repo").put("branch", state.branch()).put("commit", state.commit()).put("pushed", Boolean.TRUE.equals(state.pushed()))
                .put("checkpoint", Checkpoints.latest(dir).map(c -> c.ref() + " (" + (c.seq() == 1 ? c.bundle()
                        : "checkpoints/1.bundle to " + c.bundle() + ", imported in order: each holds what is new since the one before") + ")").orElse(null));
        String resume = "agent-runtime run TASK_FILE --continue-from " + dir.runId() + "   # optionally with another agent: in TASK_FILE set agent:";
        h.put("resume", resume);
        AtomicFiles.write(dir.root().resolve("handoff.json"), masker.mask(Json.pretty(h)) + "\n");
        AtomicFiles.write(dir.root().resolve("handoff.md"), masker.mask(markdown(h)));
    }

    private static String markdown(ObjectNode h) {
        StringBuilder b = new StringBuilder("# Handoff: ").append(h.path("taskId").asText()).append(" (run ").append(h.path("runId").asText()).append(")\n\n");
        b.append("**Why it stopped:** ").append(h.path("reason").asText()).append("\n\n## Goal\n\n").append(h.path("goal").asText()).append("\n\n## Turns\n\n");
        h.path("turns").forEach(t -> {
            b.append("- turn ").append(t.path("turn").asInt()).append(": ");
            t.path("calls").forEach(c -> b.append("`").append(c.asText().replace("`", "'")).append("` "));
            if (t.has("said")) b.append("— ").append(t.path("said").asText());
            t.path("errors").forEach(e -> b.append("\n  - error: ").append(e.asText().replace("\n", " ")));
            b.append('\n');
        });
        b.append("\n## What failed\n\n");
        if (h.path("failingTests").isEmpty()) b.append("- ").append(h.path("reason").asText()).append('\n');
        h.path("failingTests").forEach(f -> b.append("- failing test ").append(f.asText()).append('\n'));
        b.append("\n## Denied actions\n\n");
        if (h.path("denied").isEmpty()) b.append("none\n");
        h.path("denied").forEach(d -> b.append("- ").append(d.asText()).append('\n'));
        var repo = h.path("repo");
        b.append("\n## Repository state\n\n- branch `").append(repo.path("branch").asText()).append("` at `").append(repo.path("commit").asText())
                .append("`").append(repo.path("pushed").asBoolean() ? " (pushed)" : " (not pushed)").append("\n- last checkpoint: ")
                .append(repo.path("checkpoint").asText("none")).append("\n\n## Resume\n\n```\n").append(h.path("resume").asText()).append("\n```\n");
        return b.toString();
    }
}
