package dev.agentruntime.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruntime.events.Event;
import dev.agentruntime.events.EventReader;
import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.rundir.RunState;
import dev.agentruntime.rundir.Status;
import dev.agentruntime.sandbox.Sandbox;
import dev.agentruntime.util.Proc;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sandbox goes away in the middle of something — a tool call, provisioning, verification: the run goes on in a
 * new sandbox from the right point, ends SUCCEEDED with every step done exactly once, and leaves no container.
 */
@Tag("docker")
class SandboxFaultsTest {
    /** Turn 2 takes a while, so the sandbox can be removed while its command runs; steps.txt shows every turn once. */
    static final String SCRIPT = """
            byConversation: true
            turns:
              - calls: [{tool: shell, args: {command: "echo one > steps.txt"}}]
              - calls: [{tool: shell, args: {command: "sleep 3 && echo two >> steps.txt"}}]
              - calls: [{tool: edit, args: {path: calc.py, old: "    return a - b", new: "    return a + b"}}]
              - calls: [{tool: shell, args: {command: "echo four >> steps.txt"}}]
              - calls: [{tool: finish, args: {summary: "fixed add()"}}]
            """;

    @TempDir
    Path tmp;

    @Test
    void removedDuringAToolCallTheTurnIsReplayedFromItsCheckpoint() throws Exception {
        try (Scenario s = new Scenario(tmp, SCRIPT)) {
            Scenario.Outcome o = run(s, "", dir -> processRuns(dir, "sleep 3"), "docker", "rm", "-f");
            assertDone(s, o);
            assertThat(recovery(o).data().has("phase")).as("recovered in the agent phase").isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"killed while it starts", "removed while it starts", "killed while setup runs"})
    void lostWhileProvisioningItIsProvisionedAgain(String when) throws Exception {
        try (Scenario s = new Scenario(tmp, SCRIPT)) {
            Predicate<RunDirectory> moment = when.endsWith("while it starts")
                    ? dir -> !Scenario.containersOf(dir.runId()).isEmpty() : dir -> processRuns(dir, "sleep 2");
            String[] fault = when.startsWith("killed") ? new String[] {"docker", "kill"} : new String[] {"docker", "rm", "-f"};
            Scenario.Outcome o = run(s, "setup: [\"sleep 2\"]", moment, fault);
            assertDone(s, o);
            assertThat(recovery(o).text("phase")).isEqualTo("provisioning");
        }
    }

    @Test
    void removedDuringVerificationItIsVerifiedAgain() throws Exception {
        try (Scenario s = new Scenario(tmp, SCRIPT)) {
            Scenario.Outcome o = run(s, "verify: [\"sleep 2 && python3 run_tests.py\"]", dir -> processRuns(dir, "sleep 2"), "docker", "rm", "-f");
            assertDone(s, o);
            assertThat(recovery(o).text("phase")).isEqualTo("verifying");
            assertThat(o.types().stream().filter(t -> t.equals("verify.command.started")).count()).isEqualTo(2);
        }
    }

    /** Runs the calculator task; once {@code moment} holds, {@code fault} (a docker command) hits the sandbox. */
    private Scenario.Outcome run(Scenario s, String extra, Predicate<RunDirectory> moment, String... fault) throws Exception {
        TaskRunner runner = new TaskRunner(RunOptions.defaults());
        var task = s.task(extra);
        RunDirectory dir = runner.create(task, s.runs(), null);
        Thread t = new Thread(() -> {
            long until = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < until && !moment.test(dir)) RecoveryTest.sleep(10);
            List<String> cmd = new java.util.ArrayList<>(List.of(fault));
            cmd.add(Sandbox.containerName(dir.runId()));
            for (int i = 0; i < 100 && !Proc.of(cmd).run().ok(); i++) RecoveryTest.sleep(10); // a container still being created
        });
        t.start();
        RunState end = runner.execute(dir, task);
        t.join();
        return Scenario.outcome(dir, end);
    }

    /** Whether a process whose command line contains {@code args} runs in the run's sandbox (seen from the host). */
    private static boolean processRuns(RunDirectory dir, String args) {
        Proc.Result r = Proc.of("docker", "top", Sandbox.containerName(dir.runId())).run();
        return r.ok() && r.stdout().contains(args);
    }

    private static Event recovery(Scenario.Outcome o) {
        return o.events().stream().filter(e -> e.type().equals("recovery.started")).findFirst()
                .orElseThrow(() -> new AssertionError("no recovery.started in " + o.types()));
    }

    static void assertDone(Scenario s, Scenario.Outcome o) {
        assertThat(o.state().status()).as(o.state().reason()).isEqualTo(Status.SUCCEEDED);
        assertThat(recovery(o).text("kind")).isEqualTo("sandbox");
        assertThat(s.remoteGit("show", "agent/fix-calc:steps.txt")).isEqualTo("one\ntwo\nfour\n");
        assertThat(s.remoteGit("show", "agent/fix-calc:calc.py")).contains("return a + b");
        assertThat(Scenario.containersOf(o.dir().runId())).as("containers left").isEmpty();
        assertThat(EventReader.readAll(o.dir().events()).stream().map(Event::type)).contains("recovery.finished");
    }
}
