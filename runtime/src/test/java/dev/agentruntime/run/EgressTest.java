package dev.agentruntime.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.agentruntime.events.Event;
import dev.agentruntime.rundir.Status;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox reaches out only through the runtime's proxy, only to allowlisted hosts, per phase; every attempt is
 * an event and every denial is in the report. Only loopback services are ever contacted: denied destinations are
 * refused before any connection or name lookup is made.
 */
@Tag("docker")
class EgressTest {
    @TempDir
    Path tmp;
    final List<HttpServer> servers = new ArrayList<>();
    /** port + path of every request the loopback services got. */
    final List<String> requested = java.util.Collections.synchronizedList(new ArrayList<>());

    int serve(String body) throws Exception {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        s.createContext("/", ex -> {
            requested.add(ex.getLocalAddress().getPort() + ex.getRequestURI().getPath());
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        s.start();
        servers.add(s);
        return s.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        servers.forEach(s -> s.stop(0));
    }

    @Test
    void onlyAllowlistedHostsPerPhaseAndEveryAttemptIsRecorded() throws Exception {
        int agentPort = serve("hello-agent-phase");
        int setupPort = serve("hello-setup-phase");
        String code = "-s -o /dev/null -w 'code=%{http_code}\\\\n'";
        String script = """
                turns:
                  - calls: [{tool: shell, args: {command: "curl -sf http://localhost:%1$d/"}}]
                  - calls: [{tool: shell, args: {command: "curl %3$s http://localhost:%2$d/"}}]
                  - calls: [{tool: shell, args: {command: "curl %3$s http://example.com/; curl -s https://example.com/ ; echo rc=$?"}}]
                  - calls: [{tool: shell, args: {command: "curl %3$s http://10.1.2.3/; curl %3$s 'http://[2001:db8::1]/'"}}]
                  - calls: [{tool: shell, args: {command: "curl --proxytunnel -sf http://localhost:%1$d/"}}]
                  - calls: [{tool: shell, args: {command: "env -u HTTP_PROXY -u http_proxy curl -s --max-time 3 http://localhost:%1$d/; echo direct=$?"}}]
                  - calls: [{tool: write, args: {path: egress.txt, content: "probed"}}]
                  - calls: [{tool: finish, args: {summary: "probed the network"}}]
                """.formatted(agentPort, setupPort, code);
        try (Scenario s = new Scenario(tmp, script)) {
            Scenario.Outcome o = s.run(s.task("""
                    setup: ["test -s /home/agent/setup.txt || curl -sf http://localhost:%d/ > /home/agent/setup.txt"]
                    verify: ["grep -q hello-setup-phase /home/agent/setup.txt"]
                    egress: {agent: ["localhost:%d"], setup: ["localhost:%d"]}""".formatted(setupPort, agentPort, setupPort)));
            assertThat(o.state().status()).as(o.state().reason()).isEqualTo(Status.SUCCEEDED);
            List<String> out = o.events().stream().filter(e -> e.type().equals("tool.result")).map(e -> e.text("outputTail")).toList();
            assertThat(out.get(0)).contains("hello-agent-phase");                       // allowed in the agent phase
            assertThat(out.get(1)).contains("code=403");                                // the setup-only host, now denied
            assertThat(out.get(2)).contains("code=403").contains("rc=56");              // not allowlisted: http and https
            assertThat(out.get(3)).containsSubsequence("code=403", "code=403");         // IPv4 and IPv6 literals
            assertThat(out.get(4)).contains("hello-agent-phase");                       // a CONNECT tunnel to an allowed host
            assertThat(out.get(5)).contains("direct=7");                                // without the proxy: nothing

            List<Event> requests = o.events().stream().filter(e -> e.type().equals("egress.request")).toList();
            assertThat(requests).anySatisfy(e -> {
                assertThat(e.text("phase")).isEqualTo("setup");
                assertThat(e.data().get("allowed").asBoolean()).isTrue();
                assertThat(e.data().get("port").asInt()).isEqualTo(setupPort);
            });
            assertThat(requests).filteredOn(e -> "agent".equals(e.text("phase")) && e.data().get("allowed").asBoolean())
                    .allSatisfy(e -> assertThat(e.data().get("port").asInt()).isEqualTo(agentPort)).hasSize(2);
            assertThat(requests).filteredOn(e -> "example.com".equals(e.text("host")))
                    .extracting(e -> e.text("method") + " " + e.data().get("port").asInt() + " turn " + e.turn())
                    .containsExactly("GET 80 turn 3", "CONNECT 443 turn 3");
            assertThat(o.events()).anySatisfy(e -> {
                assertThat(e.type()).isEqualTo("egress.closed");
                assertThat(e.data().get("bytesDown").asLong()).isPositive();
                assertThat(e.data().get("bytesUp").asLong()).isPositive();
            });

            JsonNode network = o.report().get("network");
            // Setup once (verification's setup finds its download in the agent home), the agent twice.
            assertThat(network.get("allowed").asInt()).isEqualTo(3);
            List<String> denied = new ArrayList<>();
            network.get("denials").forEach(d -> denied.add(d.get("host").asText() + ":" + d.get("port").asInt() + "/" + d.get("phase").asText()));
            assertThat(denied).contains("localhost:" + setupPort + "/agent", "example.com:80/agent", "example.com:443/agent", "10.1.2.3:80/agent")
                    .anyMatch(d -> d.contains("2001:db8::1"));
            assertThat(o.dir().reportMd()).content().contains("## Network").contains("denied GET example.com:80 (agent, turn 3)");
        }
    }

    /**
     * Setup re-runs in the verification sandbox on the agent's tree, so whatever setup calls may be the agent's: it
     * gets the verify phase's allowlist there, never setup's. Here the agent plants the script setup runs; during
     * verification it cannot reach the setup-only host, while the verify host works.
     */
    @Test
    void setupOnTheAgentsTreeGetsTheVerifyAllowlistNotSetups() throws Exception {
        int setupOnly = serve("deps");
        int verifyHost = serve("hello-verify-phase");
        String boot = "curl -s -o /dev/null -w 'setup-only=%%{http_code} ' http://localhost:%d/exfil; curl -s http://localhost:%d/; true";
        String script = """
                turns:
                  - calls: [{tool: write, args: {path: boot.sh, content: "%s"}}]
                  - calls: [{tool: edit, args: {path: calc.py, old: "    return a - b", new: "    return a + b"}}]
                  - calls: [{tool: finish, args: {summary: "fixed"}}]
                """.formatted(boot.formatted(setupOnly, verifyHost));
        try (Scenario s = new Scenario(tmp, script)) {
            Scenario.Outcome o = s.run(s.task("""
                    setup: ["test -f boot.sh && bash boot.sh || curl -sf http://localhost:%d/deps -o /home/agent/deps.txt"]
                    verify: ["python3 run_tests.py"]
                    egress: {setup: ["localhost:%d"], verify: ["localhost:%d"]}""".formatted(setupOnly, setupOnly, verifyHost)));
            assertThat(o.state().status()).as(o.state().reason()).isEqualTo(Status.SUCCEEDED);
            assertThat(o.agentHome().resolve("deps.txt")).hasContent("deps"); // setup on the pristine clone: setup's hosts
            String verifySetup = o.events().stream().filter(e -> e.type().equals("setup.command.finished") && "verify".equals(e.text("phase")))
                    .findFirst().orElseThrow().text("outputTail");
            assertThat(verifySetup).contains("setup-only=403").contains("hello-verify-phase");
            assertThat(requested).contains(setupOnly + "/deps").doesNotContain(setupOnly + "/exfil");
            assertThat(o.events()).filteredOn(e -> e.type().equals("egress.request") && e.data().get("port").asInt() == setupOnly)
                    .extracting(e -> e.text("phase") + " " + e.data().get("allowed").asBoolean())
                    .containsExactly("setup true", "verify false");
        }
    }
}
