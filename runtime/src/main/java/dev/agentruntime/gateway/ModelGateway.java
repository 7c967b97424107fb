package dev.agentruntime.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.agentruntime.agent.Budget;
import dev.agentruntime.events.EventLog;
import dev.agentruntime.common.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;


/**
 * The agent's only way to its model. Agents in the sandbox call a loopback URL that reaches this server through a
 * unix socket; it forwards to the real endpoint, adds the real credential (the sandbox never has it), streams the
 * answer back as it arrives, reads the usage in passing, and records every request as a {@code model.request}
 * event tied to the turn. Each request that declares tools is one agent turn; turn and token budgets are enforced
 * here, at the boundary, by refusing the request with an error in the API's own shape.
 */
public final class ModelGateway implements AutoCloseable {
    static {
        // The JDK server otherwise leaves Nagle on: small stream chunks then wait ~40 ms for delayed ACKs.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length",
            "authorization", "x-api-key", "expect");

    private final URI upstream;
    private final ModelApi api;
    private final String apiKey;
    private final EventLog log;
    private final Budget budget;
    private final Listener listener;
    private int consecutiveFailures;
    private volatile String refusal;
    private final HttpServer server;
    private final UnixSocketRelay relay;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "model-gateway");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong lastTraffic = new AtomicLong(System.nanoTime());
    private final Duration backoff;
    private final AtomicLong inFlight = new AtomicLong();
    /** Why the last turn's answer was broken by the endpoint (null when it arrived whole). */
    private volatile String lastFault;
    /** Upstream answers being streamed, closed with the gateway (a hung stream must not hold a thread forever). */
    private final Set<InputStream> streaming = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Runnable beforeAnswer;
    private final long[] totals = new long[4]; // requests, input, output, cached

    /** Upstream attempts per request: transient failures (5xx, 429, unreachable) are retried here, not by agents. */
    static final int ATTEMPTS = 3;
    /** Requests failing in a row (after retries) before the gateway declares the endpoint broken. */
    static final int FAILURES_IN_A_ROW = 3;
    static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);

    /** What the gateway tells the agent's supervisor. */
    public interface Listener {
        /** A budget refused a request; the agent must stop. */
        void budgetExceeded(String reason);

        /**
         * The endpoint keeps failing; waiting longer will not help. {@code transientFault}: the last failure was the
         * endpoint's (5xx, 429, unreachable, a broken stream), not a refused request.
         */
        void endpointFailing(String reason, boolean transientFault);
    }

    /**
     * @param upstreamBase the task's model.baseUrl
     * @param socket       unix socket path to serve (bind-mounted into the sandbox)
     */
    public ModelGateway(String upstreamBase, ModelApi api, String apiKey, EventLog log, Budget budget, Path socket,
                        Listener listener) {
        this(upstreamBase, api, apiKey, log, budget, socket, listener, () -> { });
    }

    /**
     * @param beforeAnswer runs after a request was sent upstream and before any byte of the answer reaches the agent
     *                     (the turn's checkpoint finishes there: the agent's session cannot hold an answer the
     *                     checkpointed workspace has not seen)
     */
    public ModelGateway(String upstreamBase, ModelApi api, String apiKey, EventLog log, Budget budget, Path socket,
                        Listener listener, Runnable beforeAnswer) {
        this.beforeAnswer = beforeAnswer;
        URI base = URI.create(upstreamBase);
        this.upstream = URI.create(base.getScheme() + "://" + base.getRawAuthority());
        this.api = api;
        this.apiKey = apiKey;
        this.log = log;
        this.budget = budget;
        this.listener = listener;
        this.backoff = Duration.ofSeconds(1);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the model gateway", e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(pool);
        server.start();
        relay = new UnixSocketRelay(socket, server.getAddress());
    }

    /** Base URL path the agent must use after the sandbox-side loopback origin, e.g. {@code /v1}. */
    public static String upstreamPath(String upstreamBase) {
        String p = URI.create(upstreamBase).getRawPath();
        return p == null || p.equals("/") ? "" : p.replaceAll("/+$", "");
    }

    /** Host loopback port (for agents running on the host, and tests). */
    public int port() {
        return server.getAddress().getPort();
    }

    public Path socket() {
        return relay.socket();
    }

    /** Nanotime of the last byte that passed in either direction. */
    public long lastTrafficNanos() {
        return lastTraffic.get();
    }

    /** Whether a model request is being served right now (the agent is waiting on its model, not hung). */
    public boolean busy() {
        return inFlight.get() > 0;
    }

    /** Waits up to {@code limit} until no request is being served; false when one is still open (its answer stalled). */
    public boolean awaitIdle(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (busy()) {
            if (System.nanoTime() > deadline) return false;
            dev.agentruntime.common.Text.sleep(20);
        }
        return true;
    }

    /**
     * Why the endpoint broke the last turn's answer — the stream dropped, carried a malformed chunk, or the endpoint
     * failed after the gateway's retries — or null when that answer arrived whole. Whatever the agent did after a
     * broken answer is the endpoint's fault, not the agent's.
     */
    public String lastFault() {
        return lastFault;
    }

    /** {requests, input, output, cached} seen so far. */
    public synchronized long[] totals() {
        return totals.clone();
    }

    private void handle(HttpExchange ex) throws IOException {
        inFlight.incrementAndGet();
        lastTraffic.set(System.nanoTime());
        try {
            forward(ex);
        } finally {
            inFlight.decrementAndGet();
            lastTraffic.set(System.nanoTime());
            ex.close();
        }
    }

    /** From now on every request is refused with {@code reason}: the agent is being stopped. */
    public void refuseAll(String reason) {
        refusal = reason;
    }

    private void forward(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        // Secrets never reach the model provider, whatever the agent read or printed.
        String text = new String(body, StandardCharsets.UTF_8);
        if (log.masker().reveals(text)) body = log.masker().mask(text).getBytes(StandardCharsets.UTF_8);
        if (refusal != null) {
            sendJson(ex, 503, api.errorBody(503, "agent-runtime: " + refusal));
            return;
        }
        JsonNode json = parse(body);
        boolean turn = json != null && json.path("tools").size() > 0;
        if (turn) {
            Optional<String> exhausted = budget.exhausted();
            if (exhausted.isPresent()) {
                refuse(ex, exhausted.get());
                return;
            }
            int n = budget.startTurn();
            log.setTurn(n);
            log.append("turn.started", "agent", Json.object().put("turn", n));
        }
        String path = ex.getRequestURI().getRawPath() + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
        HttpRequest.Builder req = HttpRequest.newBuilder(upstream.resolve(path))
                .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        ex.getRequestHeaders().forEach((k, vs) -> {
            if (!HOP_BY_HOP.contains(k.toLowerCase(Locale.ROOT))) vs.forEach(v -> req.header(k, v));
        });
        if (apiKey != null && !apiKey.isEmpty()) req.header(api.authHeader(), api.authValue(apiKey));
        long start = System.nanoTime();
        HttpResponse<InputStream> resp = sendWithRetries(req.build(), path);
        beforeAnswer.run();
        if (resp == null) {
            record(path, 502, start, new long[3], "upstream unreachable");
            if (turn) lastFault = "the model endpoint is unreachable";
            failed("the model endpoint is unreachable");
            sendJson(ex, 502, api.errorBody(502, "model gateway: upstream unreachable"));
            return;
        }
        resp.headers().map().forEach((k, vs) -> {
            if (!HOP_BY_HOP.contains(k.toLowerCase(Locale.ROOT)) && !k.startsWith(":")) vs.forEach(v -> ex.getResponseHeaders().add(k, v));
        });
        ex.sendResponseHeaders(resp.statusCode(), 0);
        long[] usage = new long[3];
        String error = null;
        SseTap tap = new SseTap(data -> api.readUsage(data, usage));
        streaming.add(resp.body());
        try (InputStream in = resp.body(); OutputStream out = ex.getResponseBody()) {
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                lastTraffic.set(System.nanoTime());
                out.write(buf, 0, n);
                out.flush(); // stream through: the agent sees each chunk as the model sends it
                tap.accept(buf, n);
            }
        } catch (IOException e) {
            error = "stream broken: " + e.getMessage();
            throw e;
        } finally {
            streaming.remove(resp.body());
            int status = resp.statusCode();
            if (turn) {
                lastFault = error != null ? "the model's stream broke (" + error + ")"
                        : tap.malformed() ? "the model's stream carried a malformed chunk"
                        : status >= 500 || status == 429 ? "the model endpoint answered HTTP " + status + " after " + ATTEMPTS + " attempts" : null;
            }
            record(path, resp.statusCode(), start, usage, error);
            if (error != null || resp.statusCode() >= 400) failed(error != null ? error : "HTTP " + resp.statusCode());
            else succeeded();
        }
    }

    /**
     * Sends, retrying 5xx, 429 and connection failures before anything reached the agent (Retry-After honoured up
     * to {@link #MAX_RETRY_AFTER}). Returns the last response, or null when the upstream never answered.
     */
    private HttpResponse<InputStream> sendWithRetries(HttpRequest request, String path) throws IOException {
        Duration wait = backoff;
        for (int attempt = 1; ; attempt++) {
            HttpResponse<InputStream> resp = null;
            String why;
            try {
                resp = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                int s = resp.statusCode();
                if (s < 500 && s != 429) return resp;
                why = "HTTP " + s;
            } catch (IOException e) {
                why = "unreachable: " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            if (attempt >= ATTEMPTS) return resp;
            Duration pause = wait;
            if (resp != null) {
                Optional<String> ra = resp.headers().firstValue("Retry-After");
                if (ra.isPresent()) pause = retryAfter(ra.get(), wait);
                resp.body().close();
            }
            log.append("model.retry", "model", Json.object().put("path", path).put("attempt", attempt).put("reason", why)
                    .put("waitMillis", pause.toMillis()));
            dev.agentruntime.common.Text.sleep(pause.toMillis());
            wait = wait.multipliedBy(2);
        }
    }

    private static Duration retryAfter(String header, Duration fallback) {
        try {
            Duration d = Duration.ofSeconds(Long.parseLong(header.trim()));
            return d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private void failed(String why) {
        int n;
        synchronized (this) {
            n = ++consecutiveFailures;
        }
        if (n >= FAILURES_IN_A_ROW) {
            listener.endpointFailing("model endpoint failing: " + n + " requests in a row failed (last: " + why + ")", lastFault != null);
        }
    }

    private synchronized void succeeded() {
        consecutiveFailures = 0;
    }

    private void record(String path, int status, long start, long[] usage, String error) {
        synchronized (this) {
            totals[0]++;
            totals[1] += usage[0];
            totals[2] += usage[1];
            totals[3] += usage[2];
        }
        budget.addUsage(usage[0], usage[1], usage[2]);
        var d = Json.object().put("api", api.name().toLowerCase(Locale.ROOT)).put("path", path).put("status", status)
                .put("millis", (System.nanoTime() - start) / 1_000_000);
        d.putObject("usage").put("input", usage[0]).put("output", usage[1]).put("cached", usage[2]);
        if (error != null) d.put("error", error);
        log.append("model.request", "model", d);
    }

    private void refuse(HttpExchange ex, String reason) throws IOException {
        log.append("budget.exceeded", "runtime", Json.object().put("reason", reason));
        sendJson(ex, 429, api.errorBody(429, "agent-runtime: " + reason));
        listener.budgetExceeded(reason);
    }

    private static void sendJson(HttpExchange ex, int status, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    private static JsonNode parse(byte[] body) {
        try {
            return body.length == 0 ? null : Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        for (InputStream in : streaming) {
            try {
                in.close();
            } catch (IOException ignored) {
                // Closing only to free the thread that reads it.
            }
        }
        relay.close();
        server.stop(0);
        pool.shutdownNow();
    }

    /** Splits a byte stream into SSE {@code data:} lines and hands each parsed JSON object on. */
    static final class SseTap {
        private final Consumer<JsonNode> sink;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private boolean malformed;

        SseTap(Consumer<JsonNode> sink) {
            this.sink = sink;
        }

        void accept(byte[] buf, int n) {
            for (int i = 0; i < n; i++) {
                if (buf[i] == '\n') {
                    String l = line.toString(StandardCharsets.UTF_8).strip();
                    line.reset();
                    String data = l.startsWith("data:") ? l.substring(5).trim() : null;
                    if (data != null && !data.equals("[DONE]")) {
                        try {
                            sink.accept(Json.MAPPER.readTree(data));
                        } catch (IOException e) {
                            malformed = true; // passed on as it came: the agent sees it too
                        } catch (RuntimeException ignored) {
                            // A usage reader that did not like the chunk: usage simply does not move.
                        }
                    }
                } else if (line.size() < (1 << 20)) {
                    line.write(buf[i]);
                }
            }
        }

        /** Whether a {@code data:} line was not JSON. */
        boolean malformed() {
            return malformed;
        }
    }
}
