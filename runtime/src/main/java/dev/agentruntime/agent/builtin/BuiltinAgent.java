package dev.agentruntime.agent.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentruntime.agent.Agent;
import dev.agentruntime.agent.AgentContext;
import dev.agentruntime.agent.AgentResult;
import dev.agentruntime.agent.AgentResult.Outcome;
import dev.agentruntime.events.EventLog;
import dev.agentruntime.util.CappedOutput;
import dev.agentruntime.common.Json;
import dev.agentruntime.common.Text;
import dev.agentruntime.sandbox.SandboxLostException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The runtime's own agent: a tool loop over an OpenAI-compatible Chat Completions endpoint. One turn is one
 * model response plus the tool calls it asked for. Transient model failures are retried a bounded number of
 * times; every turn, call, result, usage and error becomes an event.
 */
public final class BuiltinAgent implements Agent {
    static final int MAX_ATTEMPTS = 3;
    private final Duration idleTimeout;
    private final Duration backoff;

    public BuiltinAgent() {
        this(Duration.ofSeconds(120), Duration.ofSeconds(1));
    }

    /** @param idleTimeout how long a model stream may stay silent; @param backoff first retry delay */
    public BuiltinAgent(Duration idleTimeout, Duration backoff) {
        this.idleTimeout = idleTimeout;
        this.backoff = backoff;
    }

    @Override
    public String name() {
        return "builtin";
    }

    /** {@code resumeSession} of a run resumed from a checkpoint taken before turn {@code T}. */
    public static String resumeBefore(int turn) {
        return "before-turn:" + turn;
    }

    @Override
    public AgentResult run(AgentContext ctx) {
        EventLog log = ctx.events();
        var model = ctx.task().model();
        // A stream silent for stall.after is a hung model, as it is for the CLI agents' watchdog.
        Duration idle = ctx.task().stall().after().compareTo(idleTimeout) < 0 ? ctx.task().stall().after() : idleTimeout;
        ChatCompletionsClient client = new ChatCompletionsClient(model.baseUrl(), model.model(), ctx.apiKey(), idle, log.masker());
        Tools tools = new Tools(ctx.sandbox(), () -> ctx.budget().remainingWallClock(), log.masker());
        ArrayNode definitions = Tools.definitions();
        Session session = session(ctx);
        String lastText = null;
        while (true) {
            if (ctx.cancelled().getAsBoolean()) return AgentResult.stopped(Outcome.CANCELLED, "cancelled");
            Optional<String> exhausted = ctx.budget().exhausted();
            if (exhausted.isPresent()) {
                log.append("budget.exceeded", "runtime", Json.object().put("reason", exhausted.get()));
                return AgentResult.stopped(Outcome.BUDGET_EXCEEDED, exhausted.get());
            }
            int turn = ctx.budget().startTurn();
            log.setTurn(turn);
            JsonNode pending = session.pendingAnswer(turn);
            log.append("turn.started", "agent", pending == null ? Json.object().put("turn", turn)
                    : Json.object().put("turn", turn).put("resumed", "the model's answer was saved; its tool calls run again"));
            List<Completion.ToolCall> calls;
            if (pending != null) {
                calls = new ArrayList<>();
                for (JsonNode tc : pending.path("tool_calls")) {
                    calls.add(new Completion.ToolCall(tc.path("id").asText(), tc.path("function").path("name").asText(),
                            tc.path("function").path("arguments").asText()));
                }
            } else {
                Completion c;
                try {
                    c = completeWithRetries(client, session.messages(), definitions, log);
                } catch (ModelException e) {
                    log.append("turn.ended", "agent", Json.object().put("turn", turn).put("outcome", "model_error"));
                    // A transient fault (broken or stalled stream, 5xx) is the endpoint's: the runtime restarts the agent.
                    return AgentResult.stopped(e.retryable() ? Outcome.MODEL_FAULT : Outcome.FAILED, "model request failed: " + e.getMessage());
                }
                ctx.budget().addUsage(c.input(), c.output(), c.cached());
                ObjectNode usage = Json.object().put("input", c.input()).put("output", c.output()).put("cached", c.cached());
                log.append("model.response", "model", Json.object().put("finishReason", c.finishReason())
                        .put("millis", c.millis()).put("toolCalls", c.toolCalls().size()).set("usage", usage));
                if (!c.text().isBlank()) {
                    lastText = c.text();
                    log.append("assistant.message", "agent", Json.object().put("text", c.text()));
                }
                ObjectNode assistant = Json.object().put("role", "assistant").put("content", c.text());
                if (!c.toolCalls().isEmpty()) {
                    ArrayNode tc = assistant.putArray("tool_calls");
                    for (Completion.ToolCall call : c.toolCalls()) {
                        tc.addObject().put("id", call.id()).put("type", "function").putObject("function")
                                .put("name", call.name()).put("arguments", call.arguments());
                    }
                }
                session.add(turn, assistant);
                if (c.toolCalls().isEmpty()) {
                    // Plain text without tool calls: the agent considers the work done.
                    log.append("turn.ended", "agent", Json.object().put("turn", turn).put("outcome", "answered"));
                    return AgentResult.finished(lastText);
                }
                calls = c.toolCalls();
            }
            String finishSummary = null;
            dev.agentruntime.agent.ActionGate.Verdict verdict;
            for (Completion.ToolCall call : calls) {
                String name = call.name() == null ? "" : call.name();
                JsonNode args = parseArgs(call.arguments());
                log.append("tool.call", "agent", Json.object().put("callId", call.id()).put("name", name)
                        .put("kind", Tools.kind(name).name()).set("arguments", args == null ? Json.object().put("raw", call.arguments()) : args));
                Tools.Result r;
                if (args == null) {
                    r = Tools.Result.error("arguments are not valid JSON: " + call.arguments());
                } else if (name.equals(Tools.FINISH)) {
                    finishSummary = args.path("summary").asText("");
                    r = new Tools.Result(true, "ok", null);
                } else if (!(verdict = ctx.gate().check(name, Tools.kind(name), args)).allowed()) {
                    r = Tools.Result.error("denied: " + verdict.reason() + ". Do not retry this action; continue without it.");
                } else {
                    try {
                        r = tools.call(name, args);
                    } catch (SandboxLostException e) {
                        log.append("tool.result", "sandbox", Json.object().put("callId", call.id()).put("name", name)
                                .put("status", "error").put("outputTail", e.getMessage()));
                        log.append("turn.ended", "agent", Json.object().put("turn", turn).put("outcome", "sandbox_lost"));
                        return AgentResult.stopped(Outcome.SANDBOX_LOST, e.getMessage());
                    }
                }
                ObjectNode res = Json.object().put("callId", call.id()).put("name", name)
                        .put("status", r.ok() ? "ok" : "error").put("outputTail", CappedOutput.tail(r.content(), 2000));
                if (r.exitCode() != null) res.put("exitCode", r.exitCode());
                log.append("tool.result", "sandbox", res);
                // The model never sees a secret, even one the agent printed: the session masks what it keeps and re-sends.
                session.add(turn, Json.object().put("role", "tool").put("tool_call_id", call.id()).put("content", r.content()));
            }
            log.append("turn.ended", "agent", Json.object().put("turn", turn).put("outcome", finishSummary != null ? "finished" : "continue"));
            if (finishSummary != null) return AgentResult.finished(finishSummary);
        }
    }

    /** A new conversation, or the saved one when the run resumes from a checkpoint. */
    private static Session session(AgentContext ctx) {
        String resume = ctx.resumeSession();
        if (resume != null && resume.startsWith("before-turn:")) {
            try {
                Session s = Session.before(ctx.run().root(), Integer.parseInt(resume.substring("before-turn:".length())),
                        ctx.events().masker());
                if (!s.isEmpty()) return s;
            } catch (java.io.IOException | NumberFormatException e) {
                ctx.events().append("agent.session.unreadable", "agent", Json.object().put("error", String.valueOf(e.getMessage())));
            }
        }
        Session s = Session.fresh(ctx.run().root(), ctx.events().masker());
        s.add(0, Json.object().put("role", "system").put("content", SystemPrompt.render(ctx.task())));
        String prompt = resume == null ? ctx.task().instructions()
                : "You were interrupted and your conversation was lost. Look at the workspace to see what was done, then continue. The task: "
                + ctx.task().instructions();
        s.add(0, Json.object().put("role", "user").put("content", prompt));
        return s;
    }

    private Completion completeWithRetries(ChatCompletionsClient client, ArrayNode messages, ArrayNode tools, EventLog log) {
        Duration wait = backoff;
        for (int attempt = 1; ; attempt++) {
            try {
                return client.complete(messages, tools);
            } catch (ModelException e) {
                boolean again = e.retryable() && attempt < MAX_ATTEMPTS;
                log.append("model.error", "model", Json.object().put("attempt", attempt).put("status", e.status())
                        .put("message", e.getMessage()).put("retrying", again));
                if (!again) throw e;
                Duration pause = e.retryAfter() != null ? min(e.retryAfter(), Duration.ofSeconds(60)) : wait;
                Text.sleep(pause.toMillis());
                wait = wait.multipliedBy(2);
            }
        }
    }

    private static JsonNode parseArgs(String raw) {
        try {
            JsonNode n = Json.MAPPER.readTree(raw == null || raw.isBlank() ? "{}" : raw);
            return n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? a : b;
    }

}
