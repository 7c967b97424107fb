package dev.agentruntime.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentruntime.common.Json;
import java.io.IOException;

/** OpenAI Chat Completions, streaming: chunk deltas for text and tool calls, a finish chunk, a usage chunk, [DONE]. */
public final class ChatCompletionsWire implements WireFormat {
    private final Profile profile;

    public ChatCompletionsWire(Profile profile) {
        this.profile = profile;
    }

    @Override
    public String path() {
        return "/v1/chat/completions";
    }

    @Override
    public void stream(ToolDialect.RenderedTurn turn, JsonNode request, int n, int[] u, SseSink sink) throws IOException {
        String id = "chatcmpl-" + n;
        String model = request.path("model").asText("scripted");
        sink.event(null, chunk(id, model, delta -> delta.put("role", "assistant").put("content", "")));
        String text = turn.text() == null ? "" : turn.text();
        // Split text and arguments in two so clients must really accumulate deltas.
        for (String part : halves(text)) {
            sink.event(null, chunk(id, model, delta -> delta.put("content", part)));
        }
        int i = 0;
        for (ToolDialect.Rendered call : turn.calls()) {
            int index = i++;
            String args = call.args();
            String callId = "call_" + n + "_" + index;
            sink.event(null, chunk(id, model, delta -> {
                ObjectNode tc = delta.putArray("tool_calls").addObject();
                tc.put("index", index).put("id", callId).put("type", "function");
                tc.putObject("function").put("name", call.name()).put("arguments", "");
            }));
            for (String part : profile == Profile.ARGS_NOT_STREAMED ? new String[0] : halves(args)) {
                sink.event(null, chunk(id, model, delta -> {
                    ObjectNode tc = delta.putArray("tool_calls").addObject();
                    tc.put("index", index);
                    tc.putObject("function").put("arguments", part);
                }));
            }
        }
        ObjectNode fin = base(id, model);
        ObjectNode choice = fin.putArray("choices").addObject();
        choice.put("index", 0).putObject("delta");
        choice.put("finish_reason", turn.calls().isEmpty() || profile == Profile.WRONG_FINISH_REASON ? "stop" : "tool_calls");
        sink.event(null, Json.write(fin));
        ObjectNode usage = base(id, model);
        usage.putArray("choices");
        ObjectNode un = usage.putObject("usage").put("prompt_tokens", u[0]).put("completion_tokens", u[1])
                .put("total_tokens", u[0] + u[1]);
        if (u[2] > 0) un.putObject("prompt_tokens_details").put("cached_tokens", u[2]);
        if (profile != Profile.NO_USAGE) sink.event(null, Json.write(usage));
        sink.event(null, "[DONE]");
    }

    @Override
    public String errorBody(int status, String message) {
        ObjectNode e = Json.object();
        e.putObject("error").put("message", message).put("type", status == 429 ? "rate_limit_error" : "server_error")
                .put("code", status);
        return Json.write(e);
    }

    static String[] halves(String s) {
        if (s.length() < 2) return s.isEmpty() ? new String[0] : new String[] {s};
        int mid = s.length() / 2;
        if (Character.isHighSurrogate(s.charAt(mid - 1))) mid++;
        return new String[] {s.substring(0, mid), s.substring(mid)};
    }

    private static ObjectNode base(String id, String model) {
        ObjectNode o = Json.object();
        o.put("id", id).put("object", "chat.completion.chunk").put("created", System.currentTimeMillis() / 1000).put("model", model);
        return o;
    }

    private static String chunk(String id, String model, java.util.function.Consumer<ObjectNode> fillDelta) {
        ObjectNode o = base(id, model);
        ArrayNode choices = o.putArray("choices");
        ObjectNode c = choices.addObject();
        c.put("index", 0);
        fillDelta.accept(c.putObject("delta"));
        c.putNull("finish_reason");
        return Json.write(o);
    }
}
