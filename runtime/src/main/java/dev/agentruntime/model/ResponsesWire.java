package dev.agentruntime.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentruntime.common.Json;
import java.io.IOException;

/**
 * OpenAI Responses API, streaming (what Codex speaks): response.created, then per output item
 * output_item.added / deltas / output_item.done, then response.completed carrying all items and the usage.
 * Tool calls are {@code function_call} items, or {@code custom_tool_call} for free-form tools (apply_patch).
 */
public final class ResponsesWire implements WireFormat {
    private final Profile profile;

    public ResponsesWire(Profile profile) {
        this.profile = profile;
    }

    @Override
    public String path() {
        return "/v1/responses";
    }

    @Override
    public void stream(ToolDialect.RenderedTurn turn, JsonNode request, int n, int[] u, SseSink sink) throws IOException {
        String id = "resp_" + n;
        ObjectNode created = Json.object().put("type", "response.created");
        created.putObject("response").put("id", id).put("status", "in_progress").putArray("output");
        sink.event("response.created", Json.write(created));
        ArrayNode items = Json.MAPPER.createArrayNode();
        int index = 0;
        if (!turn.text().isEmpty()) {
            ObjectNode msg = Json.object().put("type", "message").put("id", "msg_" + n).put("role", "assistant").put("status", "completed");
            msg.putArray("content").addObject().put("type", "output_text").put("text", turn.text()).putArray("annotations");
            added(sink, index, msg);
            for (String part : ChatCompletionsWire.halves(turn.text())) {
                ObjectNode d = Json.object().put("type", "response.output_text.delta").put("item_id", "msg_" + n)
                        .put("output_index", index).put("content_index", 0).put("delta", part);
                sink.event("response.output_text.delta", Json.write(d));
            }
            done(sink, index++, msg);
            items.add(msg);
        }
        int c = 0;
        for (ToolDialect.Rendered call : turn.calls()) {
            String callId = "call_" + n + "_" + c++;
            ObjectNode item = Json.object();
            if (call.custom()) {
                item.put("type", "custom_tool_call").put("id", "ctc_" + callId).put("call_id", callId)
                        .put("name", call.name()).put("input", call.args()).put("status", "completed");
            } else {
                item.put("type", "function_call").put("id", "fc_" + callId).put("call_id", callId)
                        .put("name", call.name()).put("arguments", call.args()).put("status", "completed");
            }
            added(sink, index, item);
            done(sink, index++, item);
            items.add(item);
        }
        ObjectNode completed = Json.object().put("type", "response.completed");
        ObjectNode resp = completed.putObject("response").put("id", id).put("status", "completed");
        resp.set("output", items);
        if (profile == Profile.NO_USAGE) {
            sink.event("response.completed", Json.write(completed));
            return;
        }
        ObjectNode usage = resp.putObject("usage").put("input_tokens", u[0]).put("output_tokens", u[1]).put("total_tokens", u[0] + u[1]);
        usage.putObject("input_tokens_details").put("cached_tokens", u[2]);
        usage.putObject("output_tokens_details").put("reasoning_tokens", 0);
        sink.event("response.completed", Json.write(completed));
    }

    private static void added(SseSink sink, int index, ObjectNode item) throws IOException {
        ObjectNode e = Json.object().put("type", "response.output_item.added").put("output_index", index);
        e.set("item", item.deepCopy().put("status", "in_progress"));
        sink.event("response.output_item.added", Json.write(e));
    }

    private static void done(SseSink sink, int index, ObjectNode item) throws IOException {
        ObjectNode e = Json.object().put("type", "response.output_item.done").put("output_index", index);
        e.set("item", item);
        sink.event("response.output_item.done", Json.write(e));
    }

    @Override
    public String errorBody(int status, String message) {
        ObjectNode e = Json.object();
        e.putObject("error").put("message", message).put("type", status == 429 ? "rate_limit_exceeded" : "server_error")
                .put("code", String.valueOf(status));
        return Json.write(e);
    }
}
