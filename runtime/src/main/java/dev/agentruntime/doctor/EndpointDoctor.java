package dev.agentruntime.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentruntime.gateway.ModelApi;
import dev.agentruntime.common.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks that a model endpoint does what agents need, beyond "OpenAI-compatible": streaming, a tool call inside
 * the stream with its arguments streamed, the right finish reason, usage in the stream, a second step after a
 * tool result, and errors in the API's shape. It asks the model to call a tool named {@code record} with
 * {@code {"value":"ok"}}, then answers with the tool's result.
 */
public final class EndpointDoctor {
    /** One line of the report. */
    public record Check(String name, boolean pass, String detail) {}

    /** What one streamed answer contained. */
    record Answer(int status, String contentType, int events, String toolName, String toolId, String arguments,
                  int argumentChunks, String finish, long input, long output, boolean usageSeen, String text) {}

    private final String baseUrl;
    private final String model;
    private final ModelApi api;
    private final String apiKey;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1).build();

    public EndpointDoctor(String baseUrl, String model, ModelApi api, String apiKey) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.model = model;
        this.api = api;
        this.apiKey = apiKey;
    }

    public List<Check> run() {
        List<Check> checks = new ArrayList<>();
        checks.add(errorShape());
        Answer first;
        try {
            first = send(firstRequest());
        } catch (IOException | InterruptedException e) {
            checks.add(new Check("streaming", false, "request failed: " + e.getMessage()));
            return checks;
        }
        boolean sse = first.status() == 200 && first.contentType().contains("text/event-stream") && first.events() > 0;
        checks.add(new Check("streaming", sse, "HTTP " + first.status() + ", " + first.contentType() + ", " + first.events() + " events"));
        if (!sse) return checks;
        checks.add(new Check("tool call in stream", "record".equals(first.toolName()) && first.toolId() != null,
                first.toolName() == null ? "no tool call in the stream" : first.toolName() + " (id " + first.toolId() + ")"));
        boolean argsOk = first.argumentChunks() > 0 && parsesAsObject(first.arguments());
        checks.add(new Check("tool arguments streamed", argsOk, argsOk ? first.argumentChunks() + " argument chunks: " + first.arguments()
                : "arguments missing from the stream (" + first.argumentChunks() + " chunks, \"" + first.arguments() + "\")"));
        String expected = switch (api) {
            case CHAT -> "tool_calls";
            case RESPONSES -> "completed";
            case ANTHROPIC -> "tool_use";
        };
        checks.add(new Check("finish reason", expected.equals(first.finish()),
                "\"" + first.finish() + "\"" + (expected.equals(first.finish()) ? "" : ", expected \"" + expected + "\" after a tool call")));
        checks.add(new Check("usage in stream", first.usageSeen() && first.input() > 0 && first.output() > 0,
                first.usageSeen() ? "input " + first.input() + ", output " + first.output() : "no usage reported (budgets and cost cannot work)"));
        try {
            Answer second = send(secondRequest(first));
            boolean ok = second.status() == 200 && (second.text() != null && !second.text().isBlank() || second.toolName() != null);
            checks.add(new Check("multi-step tool use", ok, ok ? "answered after the tool result" : "HTTP " + second.status()
                    + ", no answer after the tool result"));
        } catch (IOException | InterruptedException e) {
            checks.add(new Check("multi-step tool use", false, "second request failed: " + e.getMessage()));
        }
        return checks;
    }

    private Check errorShape() {
        try {
            HttpResponse<String> r = http.send(base().POST(HttpRequest.BodyPublishers.ofString("{")).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = Json.MAPPER.readTree(r.body());
            boolean ok = r.statusCode() >= 400 && r.statusCode() < 500 && body.path("error").hasNonNull("message");
            return new Check("error shape", ok, "HTTP " + r.statusCode() + (ok ? " with error.message" : ", body: " + abbreviate(r.body())));
        } catch (IOException | InterruptedException e) {
            return new Check("error shape", false, "invalid request got no JSON error: " + e.getMessage());
        }
    }

    private HttpRequest.Builder base() {
        String path = switch (api) {
            case CHAT -> "/chat/completions";
            case RESPONSES -> "/responses";
            case ANTHROPIC -> "/v1/messages";
        };
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json");
        if (api == ModelApi.ANTHROPIC) b.header("anthropic-version", "2023-06-01");
        if (apiKey != null) b.header(api == ModelApi.ANTHROPIC ? "x-api-key" : "Authorization", api == ModelApi.ANTHROPIC ? apiKey : "Bearer " + apiKey);
        return b;
    }

    static final String ASK = "Call the tool `record` with value \"ok\". Do not answer in text.";

    private ObjectNode firstRequest() {
        ObjectNode r = Json.object().put("model", model).put("stream", true);
        ObjectNode params = Json.object().put("type", "object");
        params.putObject("properties").putObject("value").put("type", "string");
        params.putArray("required").add("value");
        switch (api) {
            case CHAT -> {
                r.putObject("stream_options").put("include_usage", true);
                r.putArray("messages").addObject().put("role", "user").put("content", ASK);
                ObjectNode fn = r.putArray("tools").addObject().put("type", "function").putObject("function");
                fn.put("name", "record").put("description", "Records a value.").set("parameters", params);
            }
            case RESPONSES -> {
                r.putArray("input").addObject().put("role", "user").put("content", ASK);
                r.putArray("tools").addObject().put("type", "function").put("name", "record").put("description", "Records a value.")
                        .set("parameters", params);
            }
            case ANTHROPIC -> {
                r.put("max_tokens", 256);
                r.putArray("messages").addObject().put("role", "user").put("content", ASK);
                r.putArray("tools").addObject().put("name", "record").put("description", "Records a value.").set("input_schema", params);
            }
        }
        return r;
    }

    private ObjectNode secondRequest(Answer first) {
        ObjectNode r = firstRequest();
        String id = first.toolId() == null ? "call_0" : first.toolId();
        String args = first.arguments() == null || first.arguments().isEmpty() ? "{}" : first.arguments();
        switch (api) {
            case CHAT -> {
                var msgs = (com.fasterxml.jackson.databind.node.ArrayNode) r.get("messages");
                ObjectNode a = msgs.addObject().put("role", "assistant").put("content", "");
                a.putArray("tool_calls").addObject().put("id", id).put("type", "function").putObject("function")
                        .put("name", "record").put("arguments", args);
                msgs.addObject().put("role", "tool").put("tool_call_id", id).put("content", "recorded");
            }
            case RESPONSES -> {
                var input = (com.fasterxml.jackson.databind.node.ArrayNode) r.get("input");
                input.addObject().put("type", "function_call").put("call_id", id).put("name", "record").put("arguments", args);
                input.addObject().put("type", "function_call_output").put("call_id", id).put("output", "recorded");
            }
            case ANTHROPIC -> {
                var msgs = (com.fasterxml.jackson.databind.node.ArrayNode) r.get("messages");
                ObjectNode a = msgs.addObject().put("role", "assistant");
                ObjectNode use = a.putArray("content").addObject().put("type", "tool_use").put("id", id).put("name", "record");
                use.set("input", parseOr(args));
                ObjectNode u = msgs.addObject().put("role", "user");
                u.putArray("content").addObject().put("type", "tool_result").put("tool_use_id", id).put("content", "recorded");
            }
        }
        return r;
    }

    private Answer send(ObjectNode body) throws IOException, InterruptedException {
        HttpResponse<InputStream> r = http.send(base().POST(HttpRequest.BodyPublishers.ofString(Json.write(body))).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        String ct = r.headers().firstValue("Content-Type").orElse("");
        int events = 0, argChunks = 0;
        String toolName = null, toolId = null, finish = null;
        StringBuilder args = new StringBuilder(), text = new StringBuilder();
        long[] usage = new long[3];
        boolean usageSeen = false;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.startsWith("data:")) continue;
                String data = line.substring(5).trim();
                if (data.equals("[DONE]")) break;
                JsonNode d;
                try {
                    d = Json.MAPPER.readTree(data);
                } catch (IOException e) {
                    continue;
                }
                events++;
                switch (api) {
                    case CHAT -> {
                        for (JsonNode c : d.path("choices")) {
                            for (JsonNode tc : c.path("delta").path("tool_calls")) {
                                if (tc.hasNonNull("id")) toolId = tc.get("id").asText();
                                JsonNode fn = tc.path("function");
                                if (fn.hasNonNull("name")) toolName = fn.get("name").asText();
                                if (fn.hasNonNull("arguments") && !fn.get("arguments").asText().isEmpty()) {
                                    argChunks++;
                                    args.append(fn.get("arguments").asText());
                                }
                            }
                            if (c.path("delta").hasNonNull("content")) text.append(c.path("delta").get("content").asText());
                            if (c.hasNonNull("finish_reason")) finish = c.get("finish_reason").asText();
                        }
                        usageSeen |= d.path("usage").isObject();
                    }
                    case RESPONSES -> {
                        String type = d.path("type").asText();
                        if (type.equals("response.function_call_arguments.delta")) {
                            argChunks++;
                            args.append(d.path("delta").asText());
                        }
                        if (type.equals("response.output_text.delta")) text.append(d.path("delta").asText());
                        if (type.equals("response.output_item.done") && d.path("item").path("type").asText().equals("function_call")) {
                            toolName = d.path("item").path("name").asText();
                            toolId = d.path("item").path("call_id").asText();
                            if (args.length() == 0 && !d.path("item").path("arguments").asText().isEmpty()) {
                                argChunks++; // delivered whole in the item: still inside the stream
                                args.append(d.path("item").path("arguments").asText());
                            }
                        }
                        if (type.equals("response.completed")) {
                            finish = d.path("response").path("status").asText();
                            usageSeen |= d.path("response").path("usage").isObject();
                        }
                    }
                    case ANTHROPIC -> {
                        String type = d.path("type").asText();
                        if (type.equals("content_block_start") && d.path("content_block").path("type").asText().equals("tool_use")) {
                            toolName = d.path("content_block").path("name").asText();
                            toolId = d.path("content_block").path("id").asText();
                        }
                        if (type.equals("content_block_delta")) {
                            JsonNode delta = d.path("delta");
                            if (delta.path("type").asText().equals("input_json_delta") && !delta.path("partial_json").asText().isEmpty()) {
                                argChunks++;
                                args.append(delta.path("partial_json").asText());
                            }
                            if (delta.path("type").asText().equals("text_delta")) text.append(delta.path("text").asText());
                        }
                        if (type.equals("message_delta")) finish = d.path("delta").path("stop_reason").asText(null);
                        if (type.equals("message_start") || type.equals("message_delta")) {
                            usageSeen |= d.path("usage").isObject() || d.path("message").path("usage").isObject();
                        }
                    }
                }
                readUsage(d, usage);
            }
        }
        return new Answer(r.statusCode(), ct, events, toolName, toolId, args.toString(), argChunks, finish, usage[0], usage[1],
                usageSeen, text.toString());
    }

    private void readUsage(JsonNode d, long[] usage) {
        switch (api) {
            case CHAT -> {
                if (d.path("usage").isObject()) {
                    usage[0] = d.path("usage").path("prompt_tokens").asLong();
                    usage[1] = d.path("usage").path("completion_tokens").asLong();
                }
            }
            case RESPONSES -> {
                JsonNode u = d.path("response").path("usage");
                if (u.isObject()) {
                    usage[0] = u.path("input_tokens").asLong();
                    usage[1] = u.path("output_tokens").asLong();
                }
            }
            case ANTHROPIC -> {
                if (d.path("message").path("usage").isObject()) usage[0] = d.path("message").path("usage").path("input_tokens").asLong();
                if (d.path("usage").isObject()) usage[1] = d.path("usage").path("output_tokens").asLong();
            }
        }
    }

    private static boolean parsesAsObject(String s) {
        try {
            return s != null && Json.MAPPER.readTree(s).isObject();
        } catch (IOException e) {
            return false;
        }
    }

    private static JsonNode parseOr(String s) {
        try {
            return Json.MAPPER.readTree(s);
        } catch (IOException e) {
            return Json.object();
        }
    }

    private static String abbreviate(String s) {
        return dev.agentruntime.common.Text.abbreviate(s, 200);
    }
}
