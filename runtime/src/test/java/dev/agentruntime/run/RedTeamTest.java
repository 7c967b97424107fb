package dev.agentruntime.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruntime.events.Event;
import dev.agentruntime.rundir.Status;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile scripted sessions: each is contained, and each is visible in the events. (More in SandboxIsolationTest, EgressTest, SecretsTest.) */
@Tag("docker")
class RedTeamTest {
    @TempDir
    Path tmp;

    @Test
    void fillingTheDiskStopsAtTheSandboxLimit() {
        String script = """
                turns:
                  - calls: [{tool: shell, args: {command: "dd if=/dev/zero of=big bs=1M count=400 2>&1; echo dd=$?; df -m /workspace | tail -1", timeout_seconds: 60}}]
                  - calls: [{tool: shell, args: {command: "dd if=/dev/zero of=$HOME/big bs=1M count=400 2>&1; rm -f big $HOME/big; echo cleaned"}}]
                  - calls: [{tool: write, args: {path: contained.txt, content: "yes"}}]
                  - calls: [{tool: finish, args: {summary: "tried to fill the disk"}}]
                """;
        try (Scenario s = new Scenario(tmp, script)) {
            Scenario.Outcome o = s.run(s.task("""
                    verify: ["test -f contained.txt"]
                    sandbox: {disk: 128m}"""));
            List<String> out = o.events().stream().filter(e -> e.type().equals("tool.result")).map(e -> e.text("outputTail")).toList();
            assertThat(out.get(0)).contains("No space left on device");   // the workspace filesystem is 128 MB
            assertThat(out.get(1)).contains("No space left on device").contains("cleaned"); // the agent home is limited too
            assertThat(o.types()).contains("sandbox.disk.mounted");
            assertThat(o.state().status()).as(o.state().reason()).isEqualTo(Status.SUCCEEDED);
            // The image is sparse and only as big as what was kept; nothing is left mounted.
            assertThat(dev.agentruntime.sandbox.DiskVolume.mounted(o.dir().workspace())).isFalse();
            assertThat(o.dir().workspaceImage()).exists();
        }
    }

    @Test
    void forkBombMemoryBombAndPushFromInsideAreContained() {
        String script = """
                turns:
                  - calls: [{tool: shell, args: {command: "git push origin HEAD:refs/heads/evil; echo push=$?", timeout_seconds: 30}}]
                  - calls: [{tool: shell, args: {command: "python3 -c 'a = []\\nwhile True: a.append(bytearray(50 * 1024 * 1024))'; echo memory=$?", timeout_seconds: 60}}]
                  - calls: [{tool: write, args: {path: contained.txt, content: "yes"}}]
                  - calls: [{tool: shell, args: {command: "echo still-alive"}}]
                  - calls: [{tool: shell, args: {command: "bomb() { bomb | bomb & }; bomb; sleep 3; echo survived", timeout_seconds: 20}}]
                  - calls: [{tool: finish, args: {summary: "tried to break out"}}]
                """;
        try (Scenario s = new Scenario(tmp, script)) {
            Scenario.Outcome o = s.run(s.task("""
                    verify: ["test -f contained.txt"]
                    sandbox: {memory: 256m, pids: 64}"""));
            List<String> out = o.events().stream().filter(e -> e.type().equals("tool.result")).map(e -> e.text("outputTail")).toList();
            assertThat(out.get(0)).doesNotContain("push=0");                    // no network, .git read-only: nothing pushed
            assertThat(s.remoteGit("branch", "--list", "evil").strip()).isEmpty();
            assertThat(out.get(1)).contains("memory=137");                       // the OOM killer ends the memory bomb
            assertThat(out.get(3)).contains("still-alive");                      // and the sandbox carries on
            assertThat(out.get(4)).contains("Resource temporarily unavailable"); // the pids limit stops the fork bomb
            assertThat(o.state().status()).as(o.state().reason()).isEqualTo(Status.SUCCEEDED);
            List<Event> calls = o.events().stream().filter(e -> e.type().equals("tool.call")).toList();
            assertThat(calls.get(4).data().get("arguments").get("command").asText()).contains("bomb");
            assertThat(Scenario.containersOf(o.dir().runId())).isEmpty();
        }
    }
}
