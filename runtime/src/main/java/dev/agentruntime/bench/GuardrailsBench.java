package dev.agentruntime.bench;

import dev.agentruntime.agent.Budget;
import dev.agentruntime.egress.EgressProxy;
import dev.agentruntime.events.EventLog;
import dev.agentruntime.gateway.ModelApi;
import dev.agentruntime.gateway.ModelGateway;
import dev.agentruntime.model.ModelScript;
import dev.agentruntime.model.ScriptedModelServer;
import dev.agentruntime.policy.Action;
import dev.agentruntime.policy.Policy;
import dev.agentruntime.policy.PolicyEngine;
import dev.agentruntime.task.Budgets;
import dev.agentruntime.task.EgressSpec;
import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code agent-runtime bench guardrails}: what the boundary costs. Egress proxy (plain HTTP and a CONNECT tunnel,
 * over its unix socket) against a direct loopback request; model gateway against the scripted model directly,
 * total and time to first byte of the stream; one policy decision. Prints numbers; asserts nothing.
 */
public final class GuardrailsBench {
    private GuardrailsBench() {}

    public static List<Stats> run(int n, Path scratch, PrintStream out) throws Exception {
        System.setProperty("sun.net.httpserver.nodelay", "true"); // a fair baseline: no Nagle delay on the target
        List<Stats> all = new ArrayList<>();
        HttpServer target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        byte[] body = "x".repeat(1024).getBytes(StandardCharsets.UTF_8);
        target.createContext("/", ex -> {
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        target.start();
        int port = target.getAddress().getPort();
        try (EventLog log = EventLog.open(scratch.resolve("events.jsonl"), "bench");
             EgressProxy proxy = new EgressProxy(scratch.resolve("egress.sock"), new EgressSpec(List.of("localhost:" + port), List.of(), List.of(), List.of()),
                     log, () -> "agent")) {
            HttpClient direct = HttpClient.newHttpClient();
            URI uri = URI.create("http://localhost:" + port + "/");
            all.add(time("direct loopback GET (1 KiB)", n, () -> direct.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())));
            Path sock = scratch.resolve("egress.sock");
            all.add(time("via egress proxy, plain HTTP", n, () -> viaProxy(sock, "GET http://localhost:" + port + "/ HTTP/1.1\r\nHost: localhost:" + port
                    + "\r\nConnection: close\r\n\r\n", null)));
            all.add(time("via egress proxy, CONNECT tunnel", n, () -> viaProxy(sock, "CONNECT localhost:" + port + " HTTP/1.1\r\nHost: localhost:" + port + "\r\n\r\n",
                    "GET / HTTP/1.1\r\nHost: localhost:" + port + "\r\nConnection: close\r\n\r\n")));
        } finally {
            target.stop(0);
        }

        ModelScript script = ModelScript.parse("repeatLast: true\nturns:\n  - text: \"" + "word ".repeat(200).trim() + "\"\n");
        try (ScriptedModelServer model = ScriptedModelServer.start(script, 0);
             EventLog log = EventLog.open(scratch.resolve("gateway-events.jsonl"), "bench");
             ModelGateway gw = new ModelGateway(model.baseUrl(), ModelApi.CHAT, "key", log,
                     new Budget(new Budgets(Duration.ofHours(1), 1_000_000, Long.MAX_VALUE)), scratch.resolve("model.sock"),
                     new ModelGateway.Listener() {
                         public void budgetExceeded(String r) { }
                         public void endpointFailing(String r, boolean t) { }
                     })) {
            String req = "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
            HttpClient c = HttpClient.newHttpClient();
            List<Double> directFirst = new ArrayList<>(), gwFirst = new ArrayList<>();
            all.add(time("model stream, direct (total)", n, () -> stream(c, URI.create(model.baseUrl() + "/chat/completions"), req, directFirst::add)));
            all.add(time("model stream, via gateway (total)", n, () -> stream(c, URI.create("http://127.0.0.1:" + gw.port() + "/v1/chat/completions"), req, gwFirst::add)));
            all.add(new Stats("model stream, direct (first byte)", directFirst.subList(20, directFirst.size())));
            all.add(new Stats("model stream, via gateway (first byte)", gwFirst.subList(20, gwFirst.size())));
        }

        PolicyEngine engine = new PolicyEngine(Policy.defaults());
        Action a = new Action("write", "src/main/java/App.java", "write", 1);
        List<Double> decide = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) engine.decide(a); // warm-up
        for (int r = 0; r < n; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 1000; i++) engine.decide(a);
            decide.add((System.nanoTime() - t0) / 1e6 / 1000 * 1000); // µs per decision, reported in the ms column ×1000
        }
        all.add(new Stats("policy decision, default policy (µs)", decide));
        return all;
    }

    interface Call {
        void run() throws Exception;
    }

    static Stats time(String name, int n, Call c) throws Exception {
        for (int i = 0; i < 20; i++) c.run(); // warm-up
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            c.run();
            ms.add((System.nanoTime() - t0) / 1e6);
        }
        return new Stats(name, ms);
    }

    static void viaProxy(Path socket, String first, String then) throws Exception {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            OutputStream out = Channels.newOutputStream(ch);
            InputStream in = Channels.newInputStream(ch);
            out.write(first.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            if (then != null) {
                readHeaders(in);
                out.write(then.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            byte[] buf = new byte[8192];
            while (in.read(buf) > 0) { }
        }
    }

    private static void readHeaders(InputStream in) throws Exception {
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) throw new IllegalStateException("proxy closed the connection");
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
        }
    }

    static void stream(HttpClient c, URI uri, String body, Consumer<Double> firstByte) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<InputStream> r = c.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            if (in.read() >= 0) firstByte.accept((System.nanoTime() - t0) / 1e6);
            in.readAllBytes();
        }
    }

}
