package dev.agentruntime.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentruntime.agent.ToolKind;
import dev.agentruntime.common.Json;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code codex app-server} over stdio (one JSON-RPC-like object per line, no "jsonrpc" field): initialize, a thread
 * with approval policy "untrusted" (every command and file change is put to the client), one turn with the prompt.
 * Each {@code item/commandExecution/requestApproval} and {@code item/fileChange/requestApproval} is answered by the
 * gate with accept or decline; a declined call reaches the model as rejected. Done on {@code turn/completed}.
 */
final class CodexAppServer extends Conversation {
    private static final int INIT = 0, THREAD = 1, TURN = 2;
    private final String prompt;
    private final String resumeThread;
    /** File changes announced by item/started: the approval request names only the item. */
    private final Map<String, JsonNode> fileChanges = new HashMap<>();
    private String thread;

    CodexAppServer(String prompt, String resumeThread) {
        this.prompt = prompt;
        this.resumeThread = resumeThread;
    }

    @Override
    void open() {
        ObjectNode init = request(INIT, "initialize");
        init.putObject("params").putObject("clientInfo").put("name", "agent-runtime").put("title", "Agent Runtime").put("version", "1");
        send(init);
        send(Json.object().put("method", "initialized"));
        ObjectNode start = request(THREAD, resumeThread == null ? "thread/start" : "thread/resume");
        ObjectNode params = start.putObject("params").put("cwd", "/workspace").put("approvalPolicy", "untrusted")
                .put("sandbox", "danger-full-access");
        if (resumeThread != null) params.put("threadId", resumeThread);
        send(start);
    }

    @Override
    public void map(JsonNode m, Sink sink) {
        String method = m.path("method").asText();
        if (m.has("id") && !method.isEmpty()) {
            answer(m, method, sink);
            return;
        }
        if (m.has("id")) {
            response(m, sink);
            return;
        }
        JsonNode p = m.path("params");
        JsonNode item = p.path("item");
        switch (method) {
            case "item/started" -> {
                switch (item.path("type").asText()) {
                    case "commandExecution" -> sink.toolCall(item.path("id").asText(), "exec_command", ToolKind.shell,
                            Json.object().put("command", command(item)));
                    case "fileChange" -> {
                        ObjectNode args = changes(item);
                        fileChanges.put(item.path("id").asText(), args);
                        sink.toolCall(item.path("id").asText(), "apply_patch", kind(item), args);
                    }
                    default -> { }
                }
            }
            case "item/completed" -> {
                switch (item.path("type").asText()) {
                    case "agentMessage" -> sink.assistantMessage(item.path("text").asText());
                    case "commandExecution" -> sink.toolResult(item.path("id").asText(), "exec_command",
                            item.path("status").asText().equals("completed") && item.path("exitCode").asInt(-1) == 0,
                            item.path("exitCode").isNumber() ? item.get("exitCode").asInt() : null,
                            item.path("aggregatedOutput").isNull() ? item.path("status").asText() : item.path("aggregatedOutput").asText());
                    case "fileChange" -> sink.toolResult(item.path("id").asText(), "apply_patch",
                            item.path("status").asText().equals("completed"), null, item.path("status").asText());
                    default -> { }
                }
            }
            case "thread/tokenUsage/updated" -> {
                JsonNode last = p.path("tokenUsage").path("last");
                sink.usage(last.path("inputTokens").asLong(0), last.path("outputTokens").asLong(0), last.path("cachedInputTokens").asLong(0), null);
            }
            case "error" -> sink.other("warning", Json.object().put("message", p.path("error").path("message").asText(p.toString())));
            case "turn/completed" -> {
                JsonNode turn = p.path("turn");
                if (turn.path("status").asText().equals("failed")) {
                    sink.error(turn.path("error").path("message").asText("turn failed"));
                }
                finish();
            }
            default -> { }
        }
    }

    /** Responses to our requests: the thread id, then the turn is started. */
    private void response(JsonNode m, Sink sink) {
        if (m.has("error")) {
            sink.error("codex app-server: " + m.path("error").path("message").asText(m.path("error").toString()));
            finish();
            return;
        }
        if (m.path("id").asInt(-1) == THREAD) {
            thread = m.path("result").path("thread").path("id").asText();
            sink.session(thread);
            ObjectNode turn = request(TURN, "turn/start");
            ObjectNode params = turn.putObject("params").put("threadId", thread);
            params.putArray("input").addObject().put("type", "text").put("text", prompt);
            send(turn);
        }
    }

    /** Requests from the agent: approvals go to the gate; anything else is refused as unsupported. */
    private void answer(JsonNode m, String method, Sink sink) {
        JsonNode p = m.path("params");
        ObjectNode reply = Json.object().set("id", m.get("id"));
        switch (method) {
            case "item/commandExecution/requestApproval" -> reply.putObject("result").put("decision",
                    ask("exec_command", ToolKind.shell, Json.object().put("command", command(p))).allowed() ? "accept" : "decline");
            case "item/fileChange/requestApproval" -> {
                JsonNode args = fileChanges.getOrDefault(p.path("itemId").asText(), Json.object());
                reply.putObject("result").put("decision", ask("apply_patch", ToolKind.write, args).allowed() ? "accept" : "decline");
            }
            default -> reply.putObject("error").put("code", -32601).put("message", "agent-runtime does not handle " + method);
        }
        send(reply);
    }

    private static ObjectNode request(int id, String method) {
        return Json.object().put("method", method).put("id", id);
    }

    /** The command as the model wrote it (codex wraps it in {@code bash -lc '…'}). */
    private static String command(JsonNode itemOrRequest) {
        JsonNode actions = itemOrRequest.path("commandActions");
        if (actions.isArray() && actions.size() > 0) {
            StringBuilder b = new StringBuilder();
            for (JsonNode a : actions) b.append(b.isEmpty() ? "" : " && ").append(a.path("command").asText());
            return b.toString();
        }
        return itemOrRequest.path("command").asText();
    }

    private static ObjectNode changes(JsonNode item) {
        ObjectNode args = Json.object();
        ArrayNode changes = args.putArray("changes");
        for (JsonNode c : item.path("changes")) {
            changes.addObject().put("path", c.path("path").asText()).put("kind", c.path("kind").path("type").asText(c.path("kind").asText()));
        }
        return args;
    }

    private static ToolKind kind(JsonNode item) {
        for (JsonNode c : item.path("changes")) if (c.path("kind").path("type").asText().equals("add")) return ToolKind.write;
        return ToolKind.edit;
    }
}
