package dev.agentruntime.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentruntime.common.Json;
import java.io.IOException;

/**
 * Anthropic Messages API, streaming (what Claude Code speaks): message_start with input usage, one content block
 * per text or tool_use (input streamed as input_json_delta), message_delta with stop_reason and output usage,
 * message_stop.
 */
public final class AnthropicMessagesWire implements WireFormat {
    private final Profile profile;

    public AnthropicMessagesWire(Profile profile) {
        this.profile = profile;
    }

    @Override
    public String path() {
        return "/v1/messages";
    }

    @Override
    public void stream(ToolDialect.RenderedTurn turn, JsonNode request, int n, int[] u, SseSink sink) throws IOException {
        ObjectNode start = Json.object().put("type", "message_start");
        ObjectNode msg = start.putObject("message").put("id", "msg_" + n).put("type", "message").put("role", "assistant")
                .put("model", request.path("model").asText("scripted"));
        msg.putArray("content");
        msg.putNull("stop_reason");
        msg.putNull("stop_sequence");
        if (profile != Profile.NO_USAGE) msg.putObject("usage").put("input_tokens", u[0] - u[2]).put("cache_read_input_tokens", u[2])
                .put("cache_creation_input_tokens", 0).put("output_tokens", 1);
        sink.event("message_start", Json.write(start));
        int index = 0;
        if (!turn.text().isEmpty()) {
            ObjectNode bs = Json.object().put("type", "content_block_start").put("index", index);
            bs.putObject("content_block").put("type", "text").put("text", "");
            sink.event("content_block_start", Json.write(bs));
            for (String part : ChatCompletionsWire.halves(turn.text())) {
                ObjectNode d = Json.object().put("type", "content_block_delta").put("index", index);
                d.putObject("delta").put("type", "text_delta").put("text", part);
                sink.event("content_block_delta", Json.write(d));
            }
            sink.event("content_block_stop", Json.write(Json.object().put("type", "content_block_stop").put("index", index++)));
        }
        int c = 0;
        for (ToolDialect.Rendered call : turn.calls()) {
            ObjectNode bs = Json.object().put("type", "content_block_start").put("index", index);
            ObjectNode block = bs.putObject("content_block").put("type", "tool_use").put("id", "toolu_" + n + "_" + c++)
                    .put("name", call.name());
            block.putObject("input");
            sink.event("content_block_start", Json.write(bs));
            for (String part : ChatCompletionsWire.halves(call.args())) {
                ObjectNode d = Json.object().put("type", "content_block_delta").put("index", index);
                d.putObject("delta").put("type", "input_json_delta").put("partial_json", part);
                sink.event("content_block_delta", Json.write(d));
            }
            sink.event("content_block_stop", Json.write(Json.object().put("type", "content_block_stop").put("index", index++)));
        }
        ObjectNode delta = Json.object().put("type", "message_delta");
        delta.putObject("delta").put("stop_reason", turn.calls().isEmpty() || profile == Profile.WRONG_FINISH_REASON ? "end_turn" : "tool_use")
                .putNull("stop_sequence");
        if (profile != Profile.NO_USAGE) delta.putObject("usage").put("output_tokens", u[1]);
        sink.event("message_delta", Json.write(delta));
        sink.event("message_stop", Json.write(Json.object().put("type", "message_stop")));
    }

    @Override
    public String errorBody(int status, String message) {
        ObjectNode e = Json.object().put("type", "error");
        e.putObject("error").put("type", status == 429 ? "rate_limit_error" : status == 529 ? "overloaded_error" : "api_error")
                .put("message", message);
        return Json.write(e);
    }
}
