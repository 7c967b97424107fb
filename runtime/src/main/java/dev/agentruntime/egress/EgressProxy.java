package dev.agentruntime.egress;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentruntime.events.EventLog;
import dev.agentruntime.task.EgressSpec;
import dev.agentruntime.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ConnectHandler;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The sandbox's only way out: an HTTP(S) forward proxy on a unix socket that is bind-mounted into the sandbox
 * (socat turns it into 127.0.0.1:3128 there, and HTTP(S)_PROXY point every process at it). Built on Jetty's
 * ConnectHandler (CONNECT tunnels, i.e. HTTPS) and ProxyHandler (plain HTTP). Each attempt is decided against
 * the task's allowlist for the current phase — default deny, decided before any connection is made — and
 * recorded as an {@code egress.request} event; each closed tunnel as {@code egress.closed} with its bytes.
 */
public final class EgressProxy implements AutoCloseable {
    /** Port the proxy appears on inside the sandbox. */
    public static final int SANDBOX_PORT = 3128;

    private final EgressSpec spec;
    private final EventLog log;
    private final Supplier<String> phase;
    private final Server server;
    private final Path socket;
    private final Resolver resolver;
    /** host:port → the address the decision was made on; tunnels connect to exactly that address. */
    private final java.util.concurrent.ConcurrentMap<String, java.net.InetAddress> pinned = new java.util.concurrent.ConcurrentHashMap<>();

    /** Name resolution for decisions (replaceable in tests). */
    interface Resolver {
        java.net.InetAddress[] resolve(String host) throws java.net.UnknownHostException;
    }

    public EgressProxy(Path socket, EgressSpec spec, EventLog log, Supplier<String> phase) {
        this(socket, spec, log, phase, java.net.InetAddress::getAllByName);
    }

    EgressProxy(Path socket, EgressSpec spec, EventLog log, Supplier<String> phase, Resolver resolver) {
        this.resolver = resolver;
        this.socket = socket;
        this.spec = spec;
        this.log = log;
        this.phase = phase;
        QueuedThreadPool threads = new QueuedThreadPool(32, 2);
        threads.setName("egress");
        threads.setDaemon(true);
        server = new Server(threads);
        UnixDomainServerConnector connector = new UnixDomainServerConnector(server, new HttpConnectionFactory());
        connector.setUnixDomainPath(socket);
        server.addConnector(connector);
        ConnectHandler tunnels = new Tunnels();
        tunnels.setHandler(new PlainHttp(new ProxyHandler.Forward() {
            @Override
            protected void addProxyHeaders(Request clientToProxyRequest, org.eclipse.jetty.client.Request proxyToServerRequest) {
                // No Via/Forwarded: they would tell the outside this host's name and the socket's path.
            }
        }));
        server.setHandler(tunnels);
        try {
            Files.deleteIfExists(socket);
            server.start();
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the egress proxy on " + socket + ": " + e.getMessage(), e);
        }
    }

    /** Environment for every process in the sandbox: all HTTP(S) goes to the proxy, loopback does not. */
    public static java.util.Map<String, String> sandboxEnv() {
        String url = "http://127.0.0.1:" + SANDBOX_PORT;
        return java.util.Map.of("HTTP_PROXY", url, "HTTPS_PROXY", url, "http_proxy", url, "https_proxy", url,
                "NO_PROXY", "127.0.0.1", "no_proxy", "127.0.0.1");
    }

    /** Decides and records one attempt. */
    boolean decide(String method, String host, int port) {
        String p = phase.get();
        List<String> allowed = spec.allowedIn(p);
        // An exact host entry wins over a wildcard one: it is the deliberate choice (see checkAddress).
        String rule = null;
        for (String entry : allowed) {
            HostRule r = HostRule.parse(entry);
            if (r.matches(host, port) && (rule == null || !r.wildcard())) {
                rule = entry;
                if (!r.wildcard()) break;
            }
        }
        String refusal = rule == null ? "not on the egress allowlist for the " + p + " phase" : checkAddress(host, port, rule);
        boolean ok = refusal == null;
        ObjectNode d = Json.object().put("method", method).put("host", host).put("port", port).put("phase", p)
                .put("allowed", ok);
        if (rule != null) d.put("rule", rule);
        if (!ok) d.put("reason", refusal);
        log.append("egress.request", "sandbox", d);
        return ok;
    }

    /**
     * For an allowed name: resolve it once (denied names are never looked up) and pin the address tunnels will
     * use. A name reaching an internal address (loopback, private, link-local, …) is refused when only a wildcard
     * allowed it: {@code *.example.com} must not become a way into the host's network. List such a host by its
     * exact name (an internal mirror, say) to allow it.
     */
    private String checkAddress(String host, int port, String rule) {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        java.net.InetAddress[] addresses;
        try {
            addresses = resolver.resolve(h);
        } catch (java.net.UnknownHostException e) {
            return "cannot resolve " + host;
        }
        for (java.net.InetAddress a : addresses) {
            if (internal(a) && HostRule.parse(rule).wildcard()) {
                return host + " resolves to the internal address " + a.getHostAddress() + "; wildcard rules never reach internal"
                        + " addresses (list the host by its exact name to allow it)";
            }
        }
        pinned.put(h.toLowerCase(java.util.Locale.ROOT) + ":" + port, addresses[0]);
        return null;
    }

    static boolean internal(java.net.InetAddress a) {
        byte[] b = a.getAddress();
        boolean ula = b.length == 16 && (b[0] & 0xfe) == 0xfc;
        boolean cgnat = b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
        return a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress() || ula || cgnat;
    }

    @Override
    public void close() {
        try {
            server.stop();
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception ignored) {
            // Stopping is best effort; the socket file goes with the run's socket directory.
        }
    }

    /** CONNECT: decided in validateDestination (before connecting); bytes counted per tunnel. */
    private final class Tunnels extends ConnectHandler {
        private static final String CLIENT = "agent-runtime.client";
        private static final String TARGET = "agent-runtime.target";
        private static final String UP = "agent-runtime.up";
        private static final String DOWN = "agent-runtime.down";

        @Override
        public boolean validateDestination(String host, int port) {
            return decide("CONNECT", host, port);
        }

        /** Connect to the address the decision was made on, not to a fresh (possibly rebound) lookup. */
        @Override
        protected java.net.InetSocketAddress newConnectAddress(String host, int port) {
            String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            java.net.InetAddress a = pinned.get(h.toLowerCase(java.util.Locale.ROOT) + ":" + port);
            return a != null ? new java.net.InetSocketAddress(a, port) : super.newConnectAddress(host, port);
        }

        @Override
        protected void prepareContext(Request request, ConcurrentMap<String, Object> context) {
            context.put(CLIENT, request.getConnectionMetaData().getConnection().getEndPoint());
            context.put(TARGET, request.getHttpURI().getAuthority());
            context.put(UP, new AtomicLong());
            context.put(DOWN, new AtomicLong());
        }

        @Override
        protected int read(EndPoint endPoint, ByteBuffer buffer, ConcurrentMap<String, Object> context) throws IOException {
            int n = super.read(endPoint, buffer, context);
            if (n > 0) ((AtomicLong) context.get(endPoint == context.get(CLIENT) ? UP : DOWN)).addAndGet(n);
            return n;
        }

        @Override
        protected DownstreamConnection newDownstreamConnection(EndPoint endPoint, ConcurrentMap<String, Object> context) {
            return new DownstreamConnection(endPoint, getExecutor(), getByteBufferPool(), context) {
                @Override
                public void onClose(Throwable cause) {
                    super.onClose(cause);
                    ObjectNode d = Json.object().put("target", String.valueOf(context.get(TARGET)))
                            .put("bytesUp", ((AtomicLong) context.get(UP)).get()).put("bytesDown", ((AtomicLong) context.get(DOWN)).get());
                    log.append("egress.closed", "sandbox", d);
                }
            };
        }
    }

    /** Plain HTTP (absolute-URI requests): decided before forwarding; refused requests get 403 with the reason. */
    private final class PlainHttp extends Handler.Wrapper {
        PlainHttp(Handler next) {
            super(next);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            HttpURI uri = request.getHttpURI();
            String host = uri.getHost();
            int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
            if (host == null || !decide(request.getMethod(), host, port)) {
                Response.writeError(request, response, callback, HttpStatus.FORBIDDEN_403,
                        "agent-runtime: " + host + ":" + port + " is not on the egress allowlist");
                return true;
            }
            return super.handle(request, response, callback);
        }
    }
}
