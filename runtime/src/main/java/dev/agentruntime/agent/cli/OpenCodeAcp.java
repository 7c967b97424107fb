package dev.agentruntime.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentruntime.agent.ToolKind;
import dev.agentruntime.common.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code opencode acp}: the Agent Client Protocol (JSON-RPC 2.0 over stdio). With every edit and bash permission set
 * to "ask", each {@code session/request_permission} is answered by the gate (allow once / reject once). OpenCode
 * ends its turn on a rejection, so the runtime tells it what was refused and why in a follow-up prompt and the
 * work goes on (at most {@link #FOLLOW_UPS} times). Done when a prompt ends with nothing refused.
 */
final class OpenCodeAcp extends Conversation {
    static final int FOLLOW_UPS = 3;
    private final String prompt;
    private final String resumeSession;
    private final Map<String, String> toolNames = new HashMap<>();
    private final Set<String> announced = new HashSet<>();
    private final List<String> refused = new ArrayList<>();
    private final StringBuilder message = new StringBuilder();
    private String messageId;
    private String session;
    private int prompts;

    OpenCodeAcp(String prompt, String resumeSession) {
        this.prompt = prompt;
        this.resumeSession = resumeSession;
    }

    @Override
    void open() {
        ObjectNode init = request("init", "initialize");
        ObjectNode caps = init.putObject("params").put("protocolVersion", 1).putObject("clientCapabilities").put("terminal", false);
        caps.putObject("fs").put("readTextFile", false).put("writeTextFile", false);
        send(init);
    }

    @Override
    public void map(JsonNode m, Sink sink) {
        String method = m.path("method").asText();
        if (m.has("id") && !method.isEmpty()) answer(m, method);
        else if (m.has("id")) response(m, sink);
        else if (method.equals("session/update")) update(m.path("params").path("update"), sink);
    }

    private void response(JsonNode m, Sink sink) {
        String id = m.path("id").asText();
        if (m.has("error")) {
            sink.error("opencode acp " + id + ": " + m.path("error").path("message").asText(m.path("error").toString()));
            finish();
            return;
        }
        JsonNode result = m.path("result");
        if (id.equals("init")) {
            ObjectNode s = request("session", resumeSession == null ? "session/new" : "session/resume");
            ObjectNode params = s.putObject("params").put("cwd", "/workspace");
            params.putArray("mcpServers");
            if (resumeSession != null) params.put("sessionId", resumeSession);
            send(s);
        } else if (id.equals("session")) {
            session = result.path("sessionId").asText(resumeSession);
            sink.session(session);
            prompt(prompt);
        } else if (id.startsWith("prompt-")) {
            flushMessage(sink);
            JsonNode u = result.path("usage");
            if (!u.isMissingNode()) {
                sink.usage(u.path("inputTokens").asLong(0), u.path("outputTokens").asLong(0), u.path("cachedReadTokens").asLong(0), null);
            }
            if (!refused.isEmpty() && prompts <= FOLLOW_UPS) {
                String told = "The runtime refused these actions: " + String.join("; ", refused)
                        + ". Do not retry them. Continue the task without them and finish it.";
                refused.clear();
                prompt(told);
            } else {
                finish();
            }
        }
    }

    private void update(JsonNode u, Sink sink) {
        String id = u.path("toolCallId").asText();
        switch (u.path("sessionUpdate").asText()) {
            case "agent_message_chunk" -> {
                if (!u.path("messageId").asText().equals(messageId)) flushMessage(sink);
                messageId = u.path("messageId").asText();
                message.append(u.path("content").path("text").asText());
            }
            case "tool_call" -> {
                flushMessage(sink);
                toolNames.put(id, u.path("title").asText());
            }
            case "tool_call_update" -> {
                String status = u.path("status").asText();
                JsonNode input = u.path("rawInput");
                if (input.size() > 0 && announced.add(id)) {
                    String tool = toolNames.getOrDefault(id, u.path("title").asText());
                    sink.toolCall(id, tool, OpenCodeAgent.kind(tool), input);
                }
                if (status.equals("completed") || status.equals("failed")) {
                    JsonNode out = u.path("rawOutput");
                    JsonNode exit = out.path("metadata").path("exit");
                    Integer code = exit.isNumber() ? exit.asInt() : null;
                    String text = out.hasNonNull("output") ? out.get("output").asText() : out.path("error").asText(status);
                    sink.toolResult(id, toolNames.getOrDefault(id, ""), status.equals("completed") && (code == null || code == 0), code, text);
                }
            }
            default -> { }
        }
    }

    /** Permission requests go to the gate; client-side file and terminal calls are not offered (we said so). */
    private void answer(JsonNode m, String method) {
        ObjectNode reply = Json.object().put("jsonrpc", "2.0").set("id", m.get("id"));
        if (method.equals("session/request_permission")) {
            JsonNode call = m.path("params").path("toolCall");
            String tool = toolNames.getOrDefault(call.path("toolCallId").asText(), call.path("kind").asText());
            var verdict = ask(tool, kindOf(tool, call), arguments(call));
            if (!verdict.allowed()) refused.add(call.path("title").asText(tool) + " (" + verdict.reason() + ")");
            String wanted = verdict.allowed() ? "allow_once" : "reject_once";
            String option = "reject";
            for (JsonNode o : m.path("params").path("options")) if (o.path("kind").asText().equals(wanted)) option = o.path("optionId").asText();
            reply.putObject("result").putObject("outcome").put("outcome", "selected").put("optionId", option);
        } else if (method.startsWith("fs/")) {
            reply.putNull("result"); // OpenCode tells the client about writes it has already made
        } else {
            reply.putObject("error").put("code", -32601).put("message", "agent-runtime does not handle " + method);
        }
        send(reply);
    }

    private static ToolKind kindOf(String tool, JsonNode call) {
        ToolKind k = OpenCodeAgent.kind(tool);
        if (k != ToolKind.other) return k;
        return switch (call.path("kind").asText()) {
            case "execute" -> ToolKind.shell;
            case "edit" -> ToolKind.edit;
            default -> ToolKind.other;
        };
    }

    /** Arguments in the form the policy reads: {@code command} for shell, {@code filePath} for writes. */
    private static JsonNode arguments(JsonNode call) {
        JsonNode raw = call.path("rawInput");
        ObjectNode args = raw.isObject() ? ((ObjectNode) raw).deepCopy() : Json.object();
        if (!args.has("filePath") && args.hasNonNull("filepath")) args.put("filePath", args.get("filepath").asText());
        if (!args.has("filePath") && call.path("kind").asText().equals("edit") && call.path("locations").size() > 0) {
            args.put("filePath", call.path("locations").get(0).path("path").asText());
        }
        return args;
    }

    private void prompt(String text) {
        ObjectNode p = request("prompt-" + (++prompts), "session/prompt");
        ObjectNode params = p.putObject("params").put("sessionId", session);
        params.putArray("prompt").addObject().put("type", "text").put("text", text);
        send(p);
    }

    private void flushMessage(Sink sink) {
        if (!message.isEmpty()) sink.assistantMessage(message.toString());
        message.setLength(0);
    }

    private static ObjectNode request(String id, String method) {
        return Json.object().put("jsonrpc", "2.0").put("id", id).put("method", method);
    }
}
