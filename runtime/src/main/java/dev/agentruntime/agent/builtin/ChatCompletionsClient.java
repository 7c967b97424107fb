package dev.agentruntime.agent.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentruntime.common.Json;
import dev.agentruntime.common.Masker;
import static dev.agentruntime.common.Text.abbreviate;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Streaming client for any OpenAI-compatible Chat Completions endpoint, with tool calls and usage. A stream that
 * goes quiet for {@code idleTimeout} (before or after the headers) is cut and reported as a retryable stall.
 */
public final class ChatCompletionsClient {
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "model-stream-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final URI endpoint;
    private final String model;
    private final String apiKey;
    private final Duration idleTimeout;
    private final HttpClient http;
    private final Masker masker;

    public ChatCompletionsClient(String baseUrl, String model, String apiKey, Duration idleTimeout) {
        this(baseUrl, model, apiKey, idleTimeout, Masker.none());
    }

    /** @param masker masks what the endpoint sent back before it is cut into an error message */
    public ChatCompletionsClient(String baseUrl, String model, String apiKey, Duration idleTimeout, Masker masker) {
        this.endpoint = URI.create(baseUrl.replaceAll("/+$", "") + "/chat/completions");
        this.model = model;
        this.apiKey = apiKey;
        this.idleTimeout = idleTimeout;
        this.masker = masker;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1).build();
    }

    public Completion complete(ArrayNode messages, ArrayNode tools) {
        ObjectNode body = Json.object();
        body.put("model", model).put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        body.set("messages", messages);
        if (tools != null && !tools.isEmpty()) {
            body.set("tools", tools);
            body.put("tool_choice", "auto");
        }
        HttpRequest.Builder req = HttpRequest.newBuilder(endpoint)
                .timeout(idleTimeout)
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)));
        if (apiKey != null && !apiKey.isEmpty()) req.header("Authorization", "Bearer " + apiKey);
        long start = System.nanoTime();
        HttpResponse<InputStream> resp;
        try {
            resp = http.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new ModelException("model endpoint sent no response within " + idleTimeout.toSeconds() + "s", 0, true, null);
        } catch (IOException e) {
            throw new ModelException("cannot reach the model endpoint " + endpoint + ": " + e, 0, true, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelException("interrupted", 0, false, null);
        }
        AtomicLong lastByte = new AtomicLong(System.nanoTime());
        AtomicBoolean stalled = new AtomicBoolean();
        InputStream in = resp.body();
        // Closes the body when it stays silent too long: a stalled stream (or error body) cannot block the agent.
        ScheduledFuture<?> dog = WATCHDOG.scheduleAtFixedRate(() -> {
            if (System.nanoTime() - lastByte.get() > idleTimeout.toNanos()) {
                stalled.set(true);
                try {
                    in.close();
                } catch (IOException ignored) {
                }
            }
        }, 200, 200, TimeUnit.MILLISECONDS);
        try {
            if (resp.statusCode() != 200) throw httpError(resp, in);
            return readStream(in, start, lastByte, stalled);
        } finally {
            dog.cancel(false);
        }
    }

    private Completion readStream(InputStream in, long start, AtomicLong lastByte, AtomicBoolean stalled) {
        StringBuilder text = new StringBuilder();
        TreeMap<Integer, String[]> calls = new TreeMap<>(); // index -> {id, name, arguments}
        String finish = null;
        long input = 0, output = 0, cached = 0;
        boolean done = false;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lastByte.set(System.nanoTime());
                if (!line.startsWith("data:")) continue;
                String data = line.substring(5).trim();
                if (data.equals("[DONE]")) {
                    done = true;
                    break;
                }
                JsonNode chunk;
                try {
                    chunk = Json.MAPPER.readTree(data);
                } catch (IOException e) {
                    throw new ModelException("model stream had a malformed chunk: " + abbreviate(masker.mask(data), 300), 0, true, null);
                }
                if (chunk.has("error")) {
                    throw new ModelException("model stream error: " + chunk.path("error").path("message").asText(), 0, true, null);
                }
                JsonNode usage = chunk.path("usage");
                if (usage.isObject()) {
                    input = usage.path("prompt_tokens").asLong(input);
                    output = usage.path("completion_tokens").asLong(output);
                    cached = usage.path("prompt_tokens_details").path("cached_tokens").asLong(cached);
                }
                for (JsonNode choice : chunk.path("choices")) {
                    JsonNode delta = choice.path("delta");
                    if (delta.hasNonNull("content")) text.append(delta.get("content").asText());
                    for (JsonNode tc : delta.path("tool_calls")) {
                        String[] acc = calls.computeIfAbsent(tc.path("index").asInt(calls.size()), k -> new String[] {null, null, ""});
                        if (tc.hasNonNull("id")) acc[0] = tc.get("id").asText();
                        JsonNode fn = tc.path("function");
                        if (fn.hasNonNull("name")) acc[1] = fn.get("name").asText();
                        if (fn.hasNonNull("arguments")) acc[2] += fn.get("arguments").asText();
                    }
                    if (choice.hasNonNull("finish_reason")) finish = choice.get("finish_reason").asText();
                }
            }
        } catch (IOException e) {
            if (stalled.get()) {
                throw new ModelException("model stream stalled: no data for " + idleTimeout.toSeconds() + "s", 0, true, null);
            }
            throw new ModelException("model stream broke: " + e.getMessage(), 0, true, null);
        }
        if (stalled.get()) throw new ModelException("model stream stalled: no data for " + idleTimeout.toSeconds() + "s", 0, true, null);
        if (!done && finish == null) throw new ModelException("model stream ended before completion (connection dropped)", 0, true, null);
        List<Completion.ToolCall> out = new ArrayList<>();
        int n = 0;
        for (String[] c : calls.values()) {
            out.add(new Completion.ToolCall(c[0] != null ? c[0] : "call_" + n, c[1], c[2]));
            n++;
        }
        return new Completion(text.toString(), out, finish, input, output, cached, (System.nanoTime() - start) / 1_000_000);
    }

    private ModelException httpError(HttpResponse<InputStream> resp, InputStream body0) {
        String body;
        try (InputStream in = body0) {
            body = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
        } catch (IOException e) {
            body = "";
        }
        String message = body;
        try {
            JsonNode n = Json.MAPPER.readTree(body);
            if (n.path("error").hasNonNull("message")) message = n.path("error").path("message").asText();
        } catch (IOException ignored) {
        }
        int s = resp.statusCode();
        Duration retryAfter = resp.headers().firstValue("Retry-After").flatMap(ChatCompletionsClient::seconds).orElse(null);
        String hint = switch (s) {
            case 401, 403 -> " (check the API key named by model.apiKeyEnv)";
            case 404 -> " (check model.baseUrl and model.model)";
            default -> "";
        };
        return new ModelException("model endpoint answered HTTP " + s + ": " + abbreviate(masker.mask(message), 300) + hint, s,
                s == 429 || s >= 500, retryAfter);
    }

    private static java.util.Optional<Duration> seconds(String v) {
        try {
            return java.util.Optional.of(Duration.ofSeconds(Long.parseLong(v.trim())));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

}
