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
    void noNetworkNoWritesOutsideTheWorkspaceNoPrivileges() throws Exception {
        // The probe script needs the model server's port, so the server starts first with a placeholder.
        String probes = """
                turns:
                  - calls: [{tool: bash, args: {command: "ls /sys/class/net"}}]
                  - calls: [{tool: bash, args: {command: "getent hosts example.com; echo lookup=$?"}}]
                  - calls: [{tool: bash, args: {command: "python3 -c 'import socket; socket.create_connection((\\"GATEWAY\\", PORT), 3)'; echo connect=$?"}}]
                  - calls: [{tool: bash, args: {command: "for f in /etc/x /x /tmp/x /usr/local/bin/x .git/hooks/pre-commit; do touch $f 2>/dev/null && echo wrote=$f || echo denied=$f; done"}}]
                  - calls: [{tool: bash, args: {command: "id -u; grep -E '^(CapEff|NoNewPrivs)' /proc/self/status"}}]
                  - calls: [{tool: write_file, args: {path: ../outside.txt, content: x}}]
                  - calls: [{tool: write_file, args: {path: proof.txt, content: inside}}]
                  - calls: [{tool: finish, args: {summary: probed}}]
                """;
        String gateway = gateway();
        try (java.net.ServerSocket hostService = new java.net.ServerSocket(0);
             Scenario s = new Scenario(tmp, probes.replace("PORT", String.valueOf(hostService.getLocalPort())).replace("GATEWAY", gateway))) {
            // Control: the same probe from an ordinary container reaches the host service, so the probe can succeed.
            var control = dev.agentruntime.util.Proc.of("docker", "run", "--rm", dev.agentruntime.task.TaskSpec.DEFAULT_IMAGE, "python3", "-c",
                    "import socket; socket.create_connection(('" + gateway + "', " + hostService.getLocalPort() + "), 3)").run();
            assertThat(control.exitCode()).as(control.diagnostic()).isZero();
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

    @Test
    void gitMetadataOfNestedRepositoriesCannotMakeTheHostRunCommands() {
        // A repository the agent creates inside the workspace has agent-written config; host git must never use it.
        String attack = """
                turns:
                  - calls: [{tool: bash, args: {command: "mkdir -p vendor/lib && cd vendor/lib && git init -q && git config filter.x.clean 'sh -c \\"id > ../../../PWNED; cat\\"' && echo '* filter=x' > .gitattributes && echo hi > s.txt && git add . && git -c user.name=a -c user.email=b commit -qm x && touch -d 2001-01-01 s.txt && echo planted"}}]
                  - calls: [{tool: write_file, args: {path: note.txt, content: "done"}}]
                  - calls: [{tool: finish, args: {summary: "nested repo"}}]
                """;
        try (Scenario s = new Scenario(tmp, attack)) {
            // The task repository declares a submodule at vendor/lib (not checked out), as real repositories do.
            var seed = new dev.agentruntime.git.Git(s.repo.seed(), java.util.Map.of("GIT_AUTHOR_NAME", "x", "GIT_AUTHOR_EMAIL", "x@x",
                    "GIT_COMMITTER_NAME", "x", "GIT_COMMITTER_EMAIL", "x@x"));
            String head = seed.must("head", "rev-parse", "HEAD");
            seed.must("gitlink", "update-index", "--add", "--cacheinfo", "160000," + head + ",vendor/lib");
            seed.must("config", "config", "-f", ".gitmodules", "submodule.lib.path", "vendor/lib");
            seed.must("config", "config", "-f", ".gitmodules", "submodule.lib.url", "./lib.git");
            seed.must("add", "add", ".gitmodules");
            seed.must("commit", "commit", "-qm", "add submodule");
            seed.must("push", "push", "-q", "origin", "main");
            Scenario.Outcome o = s.run(s.task("verify: [\"true\"]"));
            String planted = o.events().stream().filter(e -> e.type().equals("tool.result")).findFirst().orElseThrow().text("outputTail");
            assertThat(planted).contains("planted");
            assertThat(o.dir().root().resolve("PWNED")).doesNotExist();
            assertThat(o.types()).contains("checkpoint.skipped");
            assertThat(o.workspace().resolve("vendor/lib/.git/config")).exists();
            assertThat(o.state().status()).isEqualTo(Status.FAILED);
            assertThat(o.state().reason()).contains("commit was blocked").contains("vendor/lib/.git");
        }
    }

    @Test
    void checkpointsNeverRunHostGitInsideARepositoryInTheAgentHome() throws Exception {
        java.nio.file.Files.deleteIfExists(Path.of("/tmp/PWNED-HOME"));
        String attack = """
                turns:
                  - calls: [{tool: bash, args: {command: "mkdir -p $HOME/repo && cd $HOME/repo && git init -q && git config filter.x.clean 'sh -c \\"id > /tmp/PWNED-HOME; cat\\"' && echo '* filter=x' > .gitattributes && echo hi > s.txt && git add . && git -c user.name=a -c user.email=b commit -qm x && touch -d 2001-01-01 s.txt && echo planted"}}]
                  - calls: [{tool: edit_file, args: {path: calc.py, old_string: "    return a - b", new_string: "    return a + b"}}]
                  - calls: [{tool: finish, args: {summary: "fixed"}}]
                """;
        try (Scenario s = new Scenario(tmp, attack)) {
            Scenario.Outcome o = s.run(s.task(""));
            assertThat(o.events().stream().filter(e -> e.type().equals("tool.result")).findFirst().orElseThrow().text("outputTail")).contains("planted");
            assertThat(o.state().status()).as(o.state().reason()).isEqualTo(Status.SUCCEEDED);
            // Checkpoints were taken after the trap was planted (host git went over the home), and none entered it.
            long planted = o.events().stream().filter(e -> e.type().equals("tool.result")).findFirst().orElseThrow().seq();
            assertThat(o.events().stream().filter(e -> e.type().equals("checkpoint.created") && e.seq() > planted).count()).isPositive();
            assertThat(Path.of("/tmp/PWNED-HOME")).doesNotExist(); // host git never entered the agent's repository
        }
    }

    @Test
    void backgroundProcessesDieWithTheAgentPhaseSoThePushedTreeIsTheVerifiedOne() {
        String sneaky = """
                turns:
                  - calls: [{tool: bash, args: {command: "(setsid nohup bash -c 'while [ ! -e verify-started ]; do sleep 0.1; done; echo evil > evil.txt' >/dev/null 2>&1 &); echo started"}}]
                  - calls: [{tool: write_file, args: {path: ok.txt, content: "ok"}}]
                  - calls: [{tool: finish, args: {summary: "benign change"}}]
                """;
        try (Scenario s = new Scenario(tmp, sneaky)) {
            Scenario.Outcome o = s.run(s.task("verify: [\"touch verify-started && sleep 1 && test ! -e evil.txt\"]"));
            assertThat(o.state().status()).as(o.state().reason()).isEqualTo(Status.SUCCEEDED);
            assertThat(s.remoteGit("ls-tree", "--name-only", "agent/fix-calc")).contains("ok.txt").doesNotContain("evil.txt", "verify-started");
            assertThat(o.workspace().resolve("evil.txt")).doesNotExist();
            // Two sandboxes: the agent's, removed before the commit, and a fresh one for verification.
            assertThat(o.events().stream().filter(e -> e.type().equals("sandbox.created")).map(e -> e.text("phase")))
                    .containsExactly("agent", "verify");
            List<String> order = o.types().stream().filter(t -> t.equals("sandbox.removed") || t.equals("commit.created")
                    || t.equals("verify.started")).toList();
            assertThat(order).containsExactly("sandbox.removed", "commit.created", "verify.started", "sandbox.removed");
        }
    }

    /**
     * This machine's address as an ordinary container sees it, asked from Docker itself ({@code host-gateway}, the
     * daemon's own bridge address). Not {@code docker network inspect bridge}: a fresh daemon's IPAM config has no
     * Gateway field.
     */
    private static String gateway() {
        var r = dev.agentruntime.util.Proc.of("docker", "run", "--rm", "--add-host=host.docker.internal:host-gateway",
                dev.agentruntime.task.TaskSpec.DEFAULT_IMAGE, "getent", "ahostsv4", "host.docker.internal").run();
        assertThat(r.ok()).as(r.diagnostic()).isTrue();
        String address = r.stdout().strip().split("\\s+")[0];
        assertThat(address).as("host-gateway address").matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
        return address;
    }
}
