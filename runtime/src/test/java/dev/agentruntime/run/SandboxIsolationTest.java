package dev.agentruntime.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruntime.events.Event;
import dev.agentruntime.rundir.Status;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the agent can and cannot do to the machine, probed from scripted tool calls inside a real sandbox. */
@Tag("docker")
class SandboxIsolationTest {
    @TempDir
    Path tmp;

    @Test
    void noNetworkNoWritesOutsideTheWorkspaceNoPrivileges() {
        // The probe script needs the model server's port, so the server starts first with a placeholder.
        String probes = """
                turns:
                  - calls: [{tool: bash, args: {command: "ls /sys/class/net"}}]
                  - calls: [{tool: bash, args: {command: "getent hosts example.com; echo lookup=$?"}}]
                  - calls: [{tool: bash, args: {command: "python3 -c 'import socket; socket.create_connection((\\"127.0.0.1\\", PORT), 3)'; echo connect=$?"}}]
                  - calls: [{tool: bash, args: {command: "for f in /etc/x /x /tmp/x /usr/local/bin/x .git/hooks/pre-commit; do touch $f 2>/dev/null && echo wrote=$f || echo denied=$f; done"}}]
                  - calls: [{tool: bash, args: {command: "id -u; grep -E '^(CapEff|NoNewPrivs)' /proc/self/status"}}]
                  - calls: [{tool: write_file, args: {path: ../outside.txt, content: x}}]
                  - calls: [{tool: write_file, args: {path: proof.txt, content: inside}}]
                  - calls: [{tool: finish, args: {summary: probed}}]
                """;
        int port = freePortHint();
        try (Scenario s = new Scenario(tmp, probes.replace("PORT", String.valueOf(port)))) {
            Scenario.Outcome o = s.run(s.task("verify: [\"test -f proof.txt\"]"));
            List<Event> results = o.events().stream().filter(e -> e.type().equals("tool.result")).toList();
            assertThat(results.get(0).text("outputTail")).contains("lo").doesNotContain("eth0");
            assertThat(results.get(1).text("outputTail")).contains("lookup=2");
            assertThat(results.get(2).text("outputTail")).contains("connect=1");
            assertThat(results.get(3).text("outputTail"))
                    .contains("denied=/etc/x", "denied=/x", "denied=/tmp/x", "denied=/usr/local/bin/x", "denied=.git/hooks/pre-commit")
                    .doesNotContain("wrote=");
            assertThat(results.get(4).text("outputTail")).contains("1000").contains("CapEff:\t0000000000000000").contains("NoNewPrivs:\t1");
            assertThat(results.get(5).text("status")).isEqualTo("error");
            assertThat(results.get(5).text("outputTail")).contains("inside /workspace");
            assertThat(tmp.resolve("runs").resolve(o.dir().runId()).resolve("outside.txt")).doesNotExist();
            assertThat(o.state().status()).as(o.state().reason()).isEqualTo(Status.SUCCEEDED);
            assertThat(s.remoteGit("show", "agent/fix-calc:proof.txt")).isEqualTo("inside");
            assertThat(Scenario.containersOf(o.dir().runId())).isEmpty();
        }
    }

    /** A port on the host's loopback with a listener on it, to show the sandbox cannot reach host services. */
    private static int freePortHint() {
        try {
            java.net.ServerSocket ss = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    ss.close();
                } catch (java.io.IOException ignored) {
                }
            }));
            return ss.getLocalPort();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
