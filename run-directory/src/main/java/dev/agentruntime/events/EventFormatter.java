package dev.agentruntime.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentruntime.common.Text;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** One human line per event, for terminals and build logs. */
public final class EventFormatter {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private EventFormatter() {}

    public static String format(Event e) {
        String turn = e.turn() != null ? " [turn " + e.turn() + "]" : "";
        return TIME.format(e.ts()) + turn + " " + describe(e);
    }

    /** The event in words, without time and turn. */
    public static String describe(Event e) {
        JsonNode d = e.data();
        return switch (e.type()) {
            case "run.created" -> "run created for task " + e.text("taskId") + " (" + e.text("agent") + " on " + e.text("repo") + ")";
            case "state.changed" -> "status " + e.text("to") + (e.text("reason") != null ? ": " + e.text("reason") : "");
            case "repo.cloned" -> "cloned " + e.text("repo") + " (" + e.text("baseBranch") + " @ " + shortSha(e.text("commit")) + ")";
            case "branch.created" -> "working on branch " + e.text("branch");
            case "sandbox.created" -> "sandbox " + e.text("container") + " ready (" + e.text("image") + ", no network)";
            case "sandbox.removed" -> "sandbox " + e.text("container") + " removed";
            case "sandbox.reaped" -> "removed leftover sandbox " + e.text("container");
            case "setup.command.started", "verify.command.started" -> "$ " + e.text("command");
            case "setup.command.finished", "verify.command.finished" -> "  → exit " + e.text("exitCode") + " in " + e.text("millis") + " ms";
            case "agent.started" -> "agent " + e.text("agent") + " started (model " + e.text("model") + ")";
            case "turn.started" -> "turn " + e.text("turn");
            case "approval.requested" -> "waiting for approval " + e.text("id") + ": " + e.text("action") + " " + e.text("subject")
                    + " (" + e.text("reason") + ")";
            case "approval.decided" -> e.text("id") + " " + ("allow".equals(e.text("decision")) ? "allowed" : "denied") + " by " + e.actor()
                    + (e.text("reason") != null ? ": " + e.text("reason") : "");
            case "policy.denied" -> "policy denied " + e.text("action") + " " + e.text("subject") + " (" + e.text("reason") + ")";
            case "egress.request" -> (d.path("allowed").asBoolean() ? "  egress allowed " : "  egress DENIED ") + e.text("method") + " "
                    + e.text("host") + ":" + e.text("port") + " (" + e.text("phase") + ")";
            case "secret.injected" -> "secret " + e.text("name") + " given to the " + e.text("phase") + " phase";
            case "commit.blocked" -> "commit blocked: " + oneLine(String.valueOf(d));
            case "turn.ended" -> "turn " + e.text("turn") + " ended" + (e.text("outcome") != null ? " (" + e.text("outcome") + ")" : "");
            case "model.response" -> "  model: " + e.text("finishReason") + ", " + d.path("usage").path("input").asLong()
                    + " in / " + d.path("usage").path("output").asLong() + " out tokens";
            case "model.error" -> "  model error (attempt " + e.text("attempt") + "): " + e.text("message");
            case "model.request" -> "  model " + e.text("api") + ": HTTP " + e.text("status") + " in " + e.text("millis") + " ms, "
                    + d.path("usage").path("input").asLong() + " in / " + d.path("usage").path("output").asLong() + " out tokens"
                    + (e.text("error") != null ? " — " + e.text("error") : "");
            case "model.retry" -> "  model retry " + e.text("attempt") + " after " + e.text("reason") + " (waiting " + e.text("waitMillis") + " ms)";
            case "agent.process.started" -> "$ " + e.text("command");
            case "agent.session" -> "agent session " + e.text("sessionId");
            case "agent.usage" -> "  agent reports " + e.text("input") + " in / " + e.text("output") + " out tokens"
                    + (e.text("costUsd") != null ? ", $" + e.text("costUsd") : "");
            case "agent.error" -> "  agent error: " + oneLine(e.text("message"));
            case "agent.quiet" -> "agent quiet for " + e.text("idleSeconds") + "s but working: " + oneLine(d.path("processes").toString());
            case "agent.stalled" -> "agent " + e.text("classification") + ": " + e.text("reason");
            case "agent.exit" -> "agent process exited " + e.text("exitCode") + " after " + e.text("millis") + " ms ("
                    + e.text("modelRequests") + " model requests)";
            case "assistant.message" -> "  says: " + oneLine(e.text("text"));
            case "tool.call" -> "  " + e.text("name") + " " + oneLine(d.path("arguments").toString());
            case "tool.result" -> "  → " + e.text("status") + (e.text("exitCode") != null ? " (exit " + e.text("exitCode") + ")" : "");
            case "budget.exceeded" -> "budget exceeded: " + e.text("reason");
            case "agent.finished" -> "agent finished: " + e.text("outcome") + (e.text("reason") != null ? " — " + e.text("reason") : "");
            case "verify.started" -> "verifying (" + e.text("commands") + " commands)";
            case "verify.finished" -> "verification " + (d.path("passed").asBoolean() ? "passed" : "FAILED");
            case "commit.created" -> "committed " + shortSha(e.text("commit")) + " " + e.text("subject");
            case "push.completed" -> "pushed " + e.text("branch") + " to " + e.text("remote");
            case "checkpoint.created" -> "checkpoint " + e.text("seq") + " before turn " + e.text("beforeTurn") + " ("
                    + shortSha(e.text("commit")) + ", " + e.text("bundleBytes") + " bytes bundled in " + e.text("millis") + " ms)";
            case "checkpoint.refused" -> "no checkpoint before turn " + e.text("beforeTurn") + ": " + e.text("reason");
            case "checkpoint.skipped" -> "checkpoint before turn " + e.text("beforeTurn") + " skipped: " + e.text("reason");
            case "checkpoint.failed" -> "checkpoint before turn " + e.text("beforeTurn") + " failed: " + oneLine(e.text("error"));
            case "recovery.started" -> "recovering (" + e.text("kind") + (e.text("phase") != null ? ", " + e.text("phase") : "")
                    + ", attempt " + e.text("attempt") + "): " + oneLine(e.text("reason"));
            case "recovery.finished" -> "recovered (" + e.text("kind") + ")" + (e.text("beforeTurn") != null
                    ? " from the checkpoint before turn " + e.text("beforeTurn") : "") + (e.text("from") != null ? " from " + e.text("from") : "");
            case "recovery.exhausted" -> "no restart left after " + e.text("restarts") + ": " + oneLine(e.text("reason"));
            case "run.resumed" -> "resumed (was " + e.text("previousStatus") + ", pid " + e.text("previousPid") + " on " + e.text("previousHost") + ")";
            case "run.finished" -> "run finished: " + e.text("status") + (e.text("reason") != null ? " — " + e.text("reason") : "");
            default -> e.type() + " " + oneLine(String.valueOf(d));
        };
    }

    private static String shortSha(String sha) {
        return sha == null ? "?" : sha.substring(0, Math.min(12, sha.length()));
    }

    private static String oneLine(String s) {
        return Text.oneLine(s, 160);
    }
}
