package dev.agentruntime.jenkins;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

/**
 * (A copy of the runtime's test server dev.agentruntime.git.GitHttpServer, with a password test: the runtime's test
 * classes are not on this class path.)
 * Git's smart HTTP protocol on 127.0.0.1 for tests: {@code git http-backend} (CGI) behind basic auth with one
 * accepted user and password (by default the way GitHub, GitLab and Gitea take a token). Counts the requests that
 * were refused for want of the right credentials.
 */
public final class GitHttpServer implements AutoCloseable {
    private final HttpServer server;
    private final Path projectRoot;
    private final String user;
    private final java.util.function.Predicate<String> password;
    private final java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();

    /** Accepts {@code user} with any password {@code password} accepts (e.g. tokens a credential minted). */
    public GitHttpServer(Path projectRoot, String user, java.util.function.Predicate<String> password) throws IOException {
        this.projectRoot = projectRoot;
        this.user = user;
        this.password = password;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url(String repo) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + repo;
    }

    /** Requests answered 401. */
    public int refused() {
        return refused.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        String given = auth != null && auth.startsWith("Basic ") ? new String(Base64.getDecoder().decode(auth.substring(6)), StandardCharsets.UTF_8) : "";
        if (!given.startsWith(user + ":") || !password.test(given.substring(user.length() + 1))) {
            refused.incrementAndGet();
            ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
            ex.sendResponseHeaders(401, -1);
            ex.close();
            return;
        }
        ProcessBuilder pb = new ProcessBuilder("git", "http-backend");
        Map<String, String> env = pb.environment();
        env.put("GIT_PROJECT_ROOT", projectRoot.toString());
        env.put("GIT_HTTP_EXPORT_ALL", "1");
        env.put("REMOTE_USER", user);
        env.put("REQUEST_METHOD", ex.getRequestMethod());
        env.put("PATH_INFO", ex.getRequestURI().getPath());
        env.put("QUERY_STRING", ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery());
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        if (type != null) env.put("CONTENT_TYPE", type);
        String encoding = ex.getRequestHeaders().getFirst("Content-Encoding");
        if (encoding != null) env.put("HTTP_CONTENT_ENCODING", encoding);
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        try (InputStream body = ex.getRequestBody(); OutputStream in = p.getOutputStream()) {
            body.transferTo(in);
        }
        byte[] out = p.getInputStream().readAllBytes();
        // CGI: headers, a blank line, the body.
        int split = indexOf(out, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        int sep = 4;
        if (split < 0) {
            split = indexOf(out, "\n\n".getBytes(StandardCharsets.ISO_8859_1));
            sep = 2;
        }
        int status = 200;
        for (String h : new String(out, 0, Math.max(split, 0), StandardCharsets.ISO_8859_1).split("\r?\n")) {
            int colon = h.indexOf(':');
            if (colon < 0) continue;
            String name = h.substring(0, colon).trim();
            String value = h.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Status")) status = Integer.parseInt(value.split(" ")[0]);
            else ex.getResponseHeaders().add(name, value);
        }
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        rest.write(out, split + sep, out.length - split - sep);
        ex.sendResponseHeaders(status, rest.size() == 0 ? -1 : rest.size());
        if (rest.size() > 0) {
            try (OutputStream o = ex.getResponseBody()) {
                rest.writeTo(o);
            }
        }
        ex.close();
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
