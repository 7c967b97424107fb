package dev.agentruntime.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.agentruntime.common.Json;
import dev.agentruntime.common.Text;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Plays a {@link ModelScript} over real HTTP on 127.0.0.1: each model request gets the next turn, streamed as SSE
 * in the requested API's wire format, with faults injected where the script says. Tests and the README demo use
 * it in place of a real model (none is reachable from our machines). Built on the JDK's HTTP server: no
 * dependency, and an exception in a handler drops the connection, which is exactly a mid-stream disconnect.
 */
public final class ScriptedModelServer implements AutoCloseable {
    /** A request the server received, for assertions. */
    public record Recorded(String path, Map<String, List<String>> headers, JsonNode body) {
        public String header(String name) {
            for (var e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) return e.getValue().get(0);
            }
            return null;
        }
    }

    static {
        System.setProperty("sun.net.httpserver.nodelay", "true"); // stream chunks leave at once (no Nagle delay)
    }

    private final ModelScript script;
    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "scripted-model");
        t.setDaemon(true);
        return t;
    });
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private int next;
    private final long[] served = new long[3];

    private ScriptedModelServer(ModelScript script, int port, List<WireFormat> formats, Profile profile) throws IOException {
        this.script = script;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        for (WireFormat f : formats) server.createContext(f.path(), ex -> handle(ex, f));
        server.createContext("/health", ex -> reply(ex, 200, "{\"ok\":true}"));
        server.setExecutor(pool);
        server.start();
    }

    /** Starts on {@code port} (0 = any free port) serving every known wire format. */
    public static ScriptedModelServer start(ModelScript script, int port) {
        return start(script, port, Profile.GOOD);
    }

    public static ScriptedModelServer start(ModelScript script, int port, Profile profile) {
        try {
            return new ScriptedModelServer(script, port, List.of(new ChatCompletionsWire(profile), new ResponsesWire(profile),
                    new AnthropicMessagesWire(profile)), profile);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot start the scripted model server on port " + port, e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Base URL for OpenAI-style clients, e.g. {@code http://127.0.0.1:PORT/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    /** {input, output, cached} tokens reported in every completed answer so far (side requests included). */
    public synchronized long[] servedUsage() {
        return served.clone();
    }

    /** Turns served so far (including failed ones). */
    public synchronized int turnsServed() {
        return next;
    }

    /**
     * Whether the next turn is meant for the agent's main loop (it has tool calls or a fault), so a tool-less side
     * request must not take it.
     */
    private synchronized boolean nextTurnIsForTheMainLoop() {
        int size = script.turns().size();
        if (next >= size && !Boolean.TRUE.equals(script.repeatLast())) return false;
        ModelScript.Turn t = script.turns().get(Math.min(next, size - 1));
        return !t.callsOrEmpty().isEmpty() || t.fault() != null;
    }

    /** The turn the conversation is at; side requests were answered above. */
    private synchronized int turnFor(JsonNode body) {
        int index = WireFormat.answeredTurns(body);
        int size = script.turns().size();
        if (index >= size && !Boolean.TRUE.equals(script.repeatLast())) return -1;
        next = Math.max(next, index + 1);
        return Math.min(index, size - 1);
    }

    private synchronized int take() {
        int size = script.turns().size();
        if (next >= size && !Boolean.TRUE.equals(script.repeatLast())) return -1;
        int index = Math.min(next, size - 1);
        next++;
        return index;
    }

    private void handle(HttpExchange ex, WireFormat format) throws IOException {
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(ex.getRequestBody());
        } catch (IOException e) {
            reply(ex, 400, format.errorBody(400, "request body is not JSON"));
            return;
        }
        requests.add(new Recorded(ex.getRequestURI().getPath(), Map.copyOf(ex.getRequestHeaders()), body));
        if (format.isSideRequest(body) && nextTurnIsForTheMainLoop()) {
            // An agent's side request (OpenCode asks for a session title without tools): answer, keep the script.
            streamTurn(ex, format, body, new ModelScript.Turn("Scripted session", null, null, null), 0, null);
            return;
        }
        int index = Boolean.TRUE.equals(script.byConversation()) ? turnFor(body) : take();
        if (index < 0) {
            reply(ex, 400, format.errorBody(400, "scripted model: the script has no turn left (it has "
                    + script.turns().size() + ")"));
            return;
        }
        ModelScript.Turn turn = script.turns().get(index);
        streamTurn(ex, format, body, turn, index + 1, turn.fault());
    }

    private void streamTurn(HttpExchange ex, WireFormat format, JsonNode body, ModelScript.Turn turn, int number,
                            ModelScript.Fault fault) throws IOException {
        if (fault != null && fault.delayMs() != null) Text.sleep(fault.delayMs());
        if (fault != null && Boolean.TRUE.equals(fault.hang())) {
            awaitStop();
            ex.close();
            return;
        }
        if (fault != null && fault.status() != null) {
            if (fault.retryAfter() != null) ex.getResponseHeaders().add("Retry-After", String.valueOf(fault.retryAfter()));
            reply(ex, fault.status(), format.errorBody(fault.status(), "scripted fault: HTTP " + fault.status()));
            return;
        }
        ex.getResponseHeaders().add("Content-Type", "text/event-stream");
        ex.getResponseHeaders().add("Cache-Control", "no-cache");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        boolean malformed = fault != null && Boolean.TRUE.equals(fault.malformedChunk());
        boolean disconnect = fault != null && Boolean.TRUE.equals(fault.disconnect());
        boolean hangMid = fault != null && Boolean.TRUE.equals(fault.hangMidStream());
        int[] sent = {0};
        WireFormat.SseSink sink = new WireFormat.SseSink() {
            @Override
            public void event(String name, String data) throws IOException {
                if (sent[0] == 2 && disconnect) throw new IOException("scripted fault: disconnect");
                if (sent[0] == 2 && hangMid) {
                    awaitStop();
                    throw new IOException("scripted fault: server stopped while hanging");
                }
                if (sent[0] == 2 && malformed) raw("data: {\"choices\":[{\"delta\":{\"content\":\"tru");
                StringBuilder sb = new StringBuilder();
                if (name != null) sb.append("event: ").append(name).append('\n');
                sb.append("data: ").append(data).append("\n\n");
                out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
                out.flush();
                sent[0]++;
            }

            @Override
            public void raw(String line) throws IOException {
                out.write((line + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }

            @Override
            public OutputStream stream() {
                return out;
            }
        };
        ToolDialect.RenderedTurn rendered = ToolDialect.detect(body).render(turn);
        int[] u = usage(turn, rendered, body);
        if (fault == null || !fault.failsRequest()) {
            synchronized (this) {
                served[0] += u[0];
                served[1] += u[1];
                served[2] += u[2];
            }
        }
        format.stream(rendered, body, number, u, sink);
        out.close();
    }

    /** {input, output, cached} tokens of a turn: scripted, or estimated at 4 characters per token. */
    static int[] usage(ModelScript.Turn turn, ToolDialect.RenderedTurn rendered, JsonNode request) {
        ModelScript.Usage u = turn.usage();
        int in = u != null && u.input() != null ? u.input() : Math.max(1, Json.write(request).length() / 4);
        int outChars = rendered.text().length();
        for (ToolDialect.Rendered c : rendered.calls()) outChars += c.name().length() + c.args().length();
        int out = u != null && u.output() != null ? u.output() : Math.max(1, outChars / 4);
        int cached = u != null && u.cached() != null ? u.cached() : 0;
        return new int[] {in, out, cached};
    }

    private static void reply(HttpExchange ex, int status, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(b);
        }
    }

    private void awaitStop() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }


    @Override
    public void close() {
        stopped.countDown();
        server.stop(0);
        pool.shutdownNow();
        try {
            pool.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
