package dev.agentruntime.jenkins;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentruntime.common.Text;
import dev.agentruntime.events.Event;
import dev.agentruntime.events.EventReader;
import dev.agentruntime.rundir.RunDirectory;
import hudson.remoting.VirtualChannel;
import java.io.File;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.agents.ControllerToAgentFileCallable;

/**
 * A run as the Agent runs page shows it, read from its events.jsonl where the run directory lives (the node): usage
 * (turns, tool calls, tokens, model time, cost), the conversation — each turn's assistant messages, tool calls with
 * their arguments and output — and what only this runtime records: checkpoints, approvals and policy denials, egress,
 * verification. Bounded for large runs: the last {@value #MAX_TURNS} turns with at most {@value #MAX_ITEMS} items each,
 * texts cut, lists capped; what was left out is counted so the page can say so and link the report. The texts are the
 * agent's output as the runtime wrote them (secrets masked by the runtime): untrusted, escaped by the page.
 * Serializable records: computed on the node, shown on the controller, never persisted.
 */
public record RunView(String agent, String model, Stats stats, List<Turn> turns, int earlierTurns, List<Checkpoint> checkpoints,
                      List<Decision> decisions, Egress egress, Verification verification) implements Serializable {
    private static final long serialVersionUID = 1L;
    static final int MAX_TURNS = 50, MAX_ITEMS = 40, MAX_ROWS = 100, MAX_TEXT = 4000, MAX_ARGUMENTS = 1000;

    /** Usage over the run; tokens as the model gateway (or the built-in agent) counted them. */
    public record Stats(int turns, int toolCalls, long inputTokens, long outputTokens, long cachedTokens, long modelMillis,
                        long durationMillis, Double costUsd) implements Serializable {
        public long totalTokens() {
            return inputTokens + outputTokens;
        }

        public String modelTime() {
            return seconds(modelMillis);
        }

        public String duration() {
            return seconds(durationMillis);
        }

        public String cost() {
            return costUsd == null ? null : String.format(java.util.Locale.ROOT, "$%.4f", costUsd);
        }
    }

    /** One turn: model time and tokens, then what the agent said and did. */
    public record Turn(int number, long modelMillis, long inputTokens, long outputTokens, List<Item> items, int moreItems) implements Serializable {
        public String modelTime() {
            return seconds(modelMillis);
        }
    }

    /**
     * An assistant message ({@code kind} message: text), a tool call (call: tool, arguments, then status, exitCode,
     * output once its result came), or something the runtime did within the turn (note: text).
     */
    public record Item(String kind, String text, String tool, String arguments, String status, Integer exitCode, String output)
            implements Serializable {
        public boolean failed() {
            return status != null && !status.equals("ok");
        }
    }

    /** A checkpoint taken (ref, bundle size), or one refused, skipped or failed ({@code problem}). */
    public record Checkpoint(int beforeTurn, Integer seq, String ref, long millis, long bundleBytes, String problem) implements Serializable {}

    /** An approval request and its decision (null while waiting), or a policy denial ({@code id} null). */
    public record Decision(Integer turn, String id, String action, String subject, String decision, String by, String reason,
                           String waited) implements Serializable {}

    /** Egress through the runtime's proxy: counts and the denied attempts. */
    public record Egress(int allowed, int denied, List<Denied> denials) implements Serializable {}

    public record Denied(String host, int port, String phase, Integer turn, String reason) implements Serializable {}

    /** Verification: null fields until it ran. */
    public record Verification(Boolean passed, Integer tests, Integer failedTests, List<Command> commands) implements Serializable {}

    public record Command(String command, Integer exitCode, String time, boolean timedOut, String outputTail) implements Serializable {}

    /** Reads the run directory (on the node). */
    static RunView read(java.nio.file.Path runDir) {
        return new Reader().read(EventReader.readAll(new RunDirectory(runDir).events()));
    }

    /** {@link #read} where the run directory is. */
    record Read() implements ControllerToAgentFileCallable<RunView> {
        private static final long serialVersionUID = 1L;

        @Override
        public RunView invoke(File runDir, VirtualChannel channel) {
            return read(runDir.toPath());
        }
    }

    /** One pass over the events. */
    private static final class Reader {
        String agent, model;
        int turnCount, toolCalls, earlier;
        long input, output, cached, modelMillis;
        Double cost;
        final Deque<TurnBuilder> turns = new ArrayDeque<>();
        final Map<String, Item> calls = new LinkedHashMap<>(); // callId → call without result yet
        final List<Checkpoint> checkpoints = new ArrayList<>();
        final Map<String, Event> requested = new LinkedHashMap<>();
        final List<Decision> decisions = new ArrayList<>();
        int allowed, denied;
        final List<Denied> denials = new ArrayList<>();
        Boolean passed;
        Integer tests, failedTests;
        final List<Command> commands = new ArrayList<>();

        RunView read(List<Event> events) {
            for (Event e : events) add(e);
            for (Event r : requested.values()) { // still waiting
                cap(decisions, new Decision(r.turn(), r.text("id"), r.text("action"), r.text("subject"), null, null, r.text("reason"), null));
            }
            long duration = events.size() < 2 ? 0 : events.get(events.size() - 1).ts().toEpochMilli() - events.get(0).ts().toEpochMilli();
            return new RunView(agent, model, new Stats(turnCount, toolCalls, input, output, cached, modelMillis, duration, cost),
                    turns.stream().map(TurnBuilder::build).toList(), earlier, checkpoints, decisions,
                    new Egress(allowed, denied, denials), new Verification(passed, tests, failedTests, commands));
        }

        void add(Event e) {
            JsonNode d = e.data();
            switch (e.type()) {
                case "agent.started" -> {
                    agent = e.text("agent");
                    model = e.text("model");
                }
                case "turn.started" -> {
                    turnCount++;
                    turns.addLast(new TurnBuilder(e.turn() == null ? turnCount : e.turn()));
                    if (turns.size() > MAX_TURNS) {
                        turns.removeFirst();
                        earlier++;
                    }
                }
                case "model.response", "model.request" -> {
                    JsonNode u = d.path("usage");
                    input += u.path("input").asLong();
                    output += u.path("output").asLong();
                    cached += u.path("cached").asLong();
                    modelMillis += d.path("millis").asLong();
                    TurnBuilder t = turn(e);
                    if (t != null) {
                        t.modelMillis += d.path("millis").asLong();
                        t.input += u.path("input").asLong();
                        t.output += u.path("output").asLong();
                    }
                }
                case "agent.usage" -> {
                    if (d.hasNonNull("costUsd")) cost = (cost == null ? 0 : cost) + d.get("costUsd").asDouble();
                }
                case "assistant.message" -> item(e, new Item("message", cut(e.text("text"), MAX_TEXT), null, null, null, null, null));
                case "tool.call" -> {
                    toolCalls++;
                    Item call = new Item("call", null, e.text("name"), cut(d.path("arguments").toString(), MAX_ARGUMENTS), null, null, null);
                    calls.put(e.text("callId"), call);
                    item(e, call);
                }
                case "tool.result" -> {
                    Item call = calls.remove(e.text("callId"));
                    Item done = new Item("call", null, e.text("name"), call == null ? null : call.arguments(), e.text("status"),
                            d.has("exitCode") ? d.path("exitCode").asInt() : null, cut(e.text("outputTail"), MAX_TEXT));
                    TurnBuilder t = turn(e);
                    if (t != null && !t.replace(call, done)) item(e, done);
                }
                case "checkpoint.created" -> cap(checkpoints, new Checkpoint(d.path("beforeTurn").asInt(), d.path("seq").asInt(), e.text("ref"),
                        d.path("millis").asLong(), d.path("bundleBytes").asLong(), null));
                case "checkpoint.refused", "checkpoint.skipped", "checkpoint.failed" -> cap(checkpoints, new Checkpoint(d.path("beforeTurn").asInt(),
                        null, null, 0, 0, e.type().substring("checkpoint.".length()) + ": " + cut(e.text(d.has("reason") ? "reason" : "error"), 300)));
                case "approval.requested" -> {
                    requested.put(e.text("id"), e);
                    note(e, "approval requested (" + e.text("id") + "): " + e.text("action") + " " + e.text("subject"));
                }
                case "approval.decided" -> {
                    Event r = requested.remove(e.text("id"));
                    cap(decisions, new Decision(e.turn(), e.text("id"), e.text("action"), e.text("subject"), e.text("decision"), e.actor(),
                            e.text("reason"), r == null ? null : seconds(e.ts().toEpochMilli() - r.ts().toEpochMilli())));
                    note(e, e.text("id") + ": " + e.text("decision") + " by " + e.actor());
                }
                case "policy.denied" -> {
                    cap(decisions, new Decision(e.turn(), null, e.text("action"), e.text("subject"), "deny", "policy rules[" + e.text("rule") + "]",
                            e.text("reason"), null));
                    note(e, "denied by policy: " + e.text("action") + " " + e.text("subject"));
                }
                case "egress.request" -> {
                    if (d.path("allowed").asBoolean()) allowed++;
                    else {
                        denied++;
                        cap(denials, new Denied(e.text("host"), d.path("port").asInt(), e.text("phase"), e.turn(), e.text("reason")));
                    }
                }
                case "verify.command.finished" -> cap(commands, new Command(e.text("command"), d.has("exitCode") ? d.path("exitCode").asInt() : null,
                        seconds(d.path("millis").asLong()), d.path("timedOut").asBoolean(), cut(e.text("outputTail"), MAX_TEXT)));
                case "verify.finished" -> {
                    passed = d.path("passed").asBoolean();
                    tests = d.has("tests") ? d.path("tests").asInt() : null;
                    failedTests = d.has("failedTests") ? d.path("failedTests").asInt() : null;
                }
                default -> { }
            }
        }

        private TurnBuilder turn(Event e) {
            if (e.turn() == null || turns.isEmpty()) return null;
            TurnBuilder last = turns.peekLast();
            return last.number == e.turn() ? last : null;
        }

        private void item(Event e, Item item) {
            TurnBuilder t = turn(e);
            if (t != null) t.add(item);
        }

        private void note(Event e, String text) {
            item(e, new Item("note", cut(text, 300), null, null, null, null, null));
        }

        private static <T> void cap(List<T> list, T item) {
            if (list.size() < MAX_ROWS) list.add(item);
        }
    }

    private static final class TurnBuilder {
        final int number;
        long modelMillis, input, output;
        final List<Item> items = new ArrayList<>();
        int more;

        TurnBuilder(int number) {
            this.number = number;
        }

        void add(Item item) {
            if (items.size() < MAX_ITEMS) items.add(item);
            else more++;
        }

        /** A call's result replaces the call it answers (same object), if the call is shown. */
        boolean replace(Item call, Item done) {
            int i = -1;
            for (int j = 0; j < items.size() && call != null; j++) if (items.get(j) == call) i = j;
            if (i < 0) return call != null && more > 0; // the call was cut off: so is its result
            items.set(i, done);
            return true;
        }

        Turn build() {
            return new Turn(number, modelMillis, input, output, List.copyOf(items), more);
        }
    }

    private static String cut(String s, int max) {
        return s == null ? null : Text.abbreviate(s, max);
    }

    static String seconds(long ms) {
        return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
