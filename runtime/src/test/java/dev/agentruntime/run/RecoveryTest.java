package dev.agentruntime.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruntime.events.Event;
import dev.agentruntime.events.EventReader;
import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.rundir.RunState;
import dev.agentruntime.rundir.Status;
import dev.agentruntime.util.Proc;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded fault injection: the agent process, the sandbox or the runtime dies at a random turn; the run still ends
 * SUCCEEDED with exactly the tree of a fault-free run, one commit on the branch, and every failure and recovery in
 * the events. The script appends to a file in turn 5, so a blindly replayed turn would show in the tree.
 */
@Tag("docker")
class RecoveryTest {
    static final String SCRIPT = """
            byConversation: true
            turns:
              - calls: [{tool: shell, args: {command: "echo one > one.txt"}}]
              - calls: [{tool: write, args: {path: two.txt, content: "two"}}]
              - calls: [{tool: read, args: {path: calc.py}}]
              - calls: [{tool: edit, args: {path: calc.py, old: "    return a - b", new: "    return a + b"}}]
              - calls: [{tool: shell, args: {command: "echo five >> one.txt"}}]
              - calls: [{tool: finish, args: {summary: "fixed add()"}}]
            """;

    @TempDir
    Path tmp;

    private static final java.util.Map<String, String> REFERENCE = new java.util.concurrent.ConcurrentHashMap<>();

    /** The branch tree of a run without faults, per agent (computed once). */
    String reference(String agent, String model) {
        return REFERENCE.computeIfAbsent(agent, a -> referenceRun(agent, model));
    }

    private String referenceRun(String agent, String model) {
        try (Scenario s = new Scenario(tmp.resolve("reference-" + agent), SCRIPT)) {
            Scenario.Outcome o = s.run(s.task(agent, model, "stall: {after: 60s}"));
            assertThat(o.state().status()).as(o.state().reason()).isEqualTo(Status.SUCCEEDED);
            return s.remoteGit("rev-parse", "agent/fix-calc^{tree}").strip();
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void sandboxRemovedAtARandomTurn(int seed) throws Exception {
        String expected = reference("builtin", "scripted");
        int turn = 1 + new Random(seed).nextInt(5);
        try (Scenario s = new Scenario(tmp.resolve("s"), SCRIPT)) {
            TaskRunner runner = new TaskRunner(RunOptions.defaults());
            RunDirectory dir = runner.create(s.task(""), s.runs(), null);
            Thread fault = atTurn(dir, turn, seed, d -> Proc.of("docker", "rm", "-f", dev.agentruntime.sandbox.Sandbox.containerName(d.runId())).run());
            RunState end = runner.execute(dir, s.task(""));
            fault.join();
            assertRecovered(s, Scenario.outcome(dir, end), expected, "sandbox");
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void runtimeKilledAtARandomPoint(int seed) throws Exception {
        String expected = reference("builtin", "scripted");
        Random random = new Random(seed);
        int turn = 1 + random.nextInt(6);
        try (Scenario s = new Scenario(tmp.resolve("s"), SCRIPT)) {
            RuntimeProcess runtime = RuntimeProcess.start(s.writeTask(s.yaml("builtin", "scripted", "")), s.runs(), "r-" + seed);
            assertThat(runtime.awaitState(st -> turnStarted(runtime.dir, turn) || st.status().isTerminal())).isTrue();
            Thread.sleep(random.nextInt(250)); // anywhere in the turn: tool call, checkpoint, commit, verify, push
            runtime.kill9();
            RunState end = runtime.dir.readState().status().isTerminal() ? runtime.dir.readState()
                    : new TaskRunner(RunOptions.defaults()).resume(runtime.dir);
            Scenario.Outcome o = Scenario.outcome(runtime.dir, end);
            assertRecovered(s, o, expected, null);
            if (!o.types().contains("run.resumed")) assertThat(end.status()).isEqualTo(Status.SUCCEEDED); // it had finished
        }
    }

    /** The script with a 400 ms model answer per turn, so a fault lands while codex waits for its model. */
    static String slow() {
        return SCRIPT.replace("}}]\n", "}}], fault: {delayMs: 400}}\n").replace("  - calls:", "  - {calls:");
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(ints = {1, 2, 3})
    void codexSandboxRemovedAtARandomTurn(int seed) throws Exception {
        String expected = reference("codex", "gpt-5.5");
        int turn = 1 + new Random(seed).nextInt(5);
        try (Scenario s = new Scenario(tmp.resolve("s"), slow())) {
            TaskRunner runner = new TaskRunner(RunOptions.defaults());
            var task = s.task("codex", "gpt-5.5", "stall: {after: 60s}");
            RunDirectory dir = runner.create(task, s.runs(), null);
            Thread fault = atTurn(dir, turn, seed, d -> Proc.of("docker", "rm", "-f", dev.agentruntime.sandbox.Sandbox.containerName(d.runId())).run());
            RunState end = runner.execute(dir, task);
            fault.join();
            assertRecovered(s, Scenario.outcome(dir, end), expected, "sandbox");
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(ints = {1, 2, 3})
    void codexRuntimeKilledAtARandomTurn(int seed) throws Exception {
        String expected = reference("codex", "gpt-5.5");
        Random random = new Random(seed);
        int turn = 1 + random.nextInt(5);
        try (Scenario s = new Scenario(tmp.resolve("s"), slow())) {
            RuntimeProcess runtime = RuntimeProcess.start(s.writeTask(s.yaml("codex", "gpt-5.5", "stall: {after: 60s}")), s.runs(), "c-" + seed);
            assertThat(runtime.awaitState(st -> turnStarted(runtime.dir, turn) || st.status().isTerminal())).isTrue();
            Thread.sleep(random.nextInt(250));
            runtime.kill9();
            RunState end = new TaskRunner(RunOptions.defaults()).resume(runtime.dir);
            Scenario.Outcome o = Scenario.outcome(runtime.dir, end);
            assertRecovered(s, o, expected, null);
            assertThat(o.types()).contains("run.resumed");
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void codexKilledAtARandomTurn(int seed) throws Exception {
        String expected = reference("codex", "gpt-5.5");
        int turn = 1 + new Random(seed).nextInt(5);
        try (Scenario s = new Scenario(tmp.resolve("s"), slow())) {
            TaskRunner runner = new TaskRunner(RunOptions.defaults());
            var task = s.task("codex", "gpt-5.5", "stall: {after: 60s}");
            RunDirectory dir = runner.create(task, s.runs(), null);
            Thread fault = atTurn(dir, turn, seed, d -> Faults.killInSandbox(d.runId(), "codex"));
            RunState end = runner.execute(dir, task);
            fault.join();
            assertRecovered(s, Scenario.outcome(dir, end), expected, "agent");
        }
    }

    /**
     * A fast model: Codex has its answer (and runs the command) before a checkpoint could freeze the sandbox. Killed
     * right after turn 5's command ran, it must go back to a checkpoint whose session has not seen that turn's
     * answer either — else the resumed session believes the command ran while the restored workspace lacks it.
     */
    @ParameterizedTest(name = "turn {0}")
    @ValueSource(ints = {2, 5})
    void codexKilledRightAfterACommandRanReplaysThatTurn(int turn) throws Exception {
        String expected = reference("codex", "gpt-5.5");
        try (Scenario s = new Scenario(tmp.resolve("s"), SCRIPT)) {
            TaskRunner runner = new TaskRunner(RunOptions.defaults());
            var task = s.task("codex", "gpt-5.5", "stall: {after: 60s}");
            RunDirectory dir = runner.create(task, s.runs(), null);
            Thread fault = new Thread(() -> {
                long until = System.currentTimeMillis() + 60_000;
                while (System.currentTimeMillis() < until && EventReader.readAll(dir.events()).stream()
                        .noneMatch(e -> e.type().equals("tool.result") && e.turn() != null && e.turn() == turn)) sleep(5);
                Faults.killInSandbox(dir.runId(), "codex");
            });
            fault.start();
            RunState end = runner.execute(dir, task);
            fault.join();
            assertRecovered(s, Scenario.outcome(dir, end), expected, "agent");
        }
    }

    static void assertRecovered(Scenario s, Scenario.Outcome o, String expectedTree, String kind) {
        assertThat(o.state().status()).as(o.state().reason()).isEqualTo(Status.SUCCEEDED);
        assertThat(s.remoteGit("rev-parse", "agent/fix-calc^{tree}").strip()).as("final tree").isEqualTo(expectedTree);
        String base = o.events().stream().filter(e -> e.type().equals("repo.cloned")).findFirst().orElseThrow().text("commit");
        assertThat(s.remoteGit("rev-list", "--count", base + "..agent/fix-calc").strip()).as("commits on the branch").isEqualTo("1");
        if (kind != null) {
            List<Event> recoveries = o.events().stream().filter(e -> e.type().equals("recovery.started")).toList();
            assertThat(recoveries).as("a recovery was recorded").isNotEmpty();
            assertThat(recoveries.get(0).text("kind")).isEqualTo(kind);
            assertThat(o.types()).contains("recovery.finished");
        }
        assertThat(Scenario.containersOf(o.dir().runId())).isEmpty();
        // Numbers for docs/performance.md: time from the failure being noticed to the agent working again.
        Event from = o.events().stream().filter(e -> e.type().equals("recovery.started") || e.type().equals("run.resumed")).findFirst().orElse(null);
        Event done = o.events().stream().filter(e -> e.type().equals("recovery.finished")).findFirst().orElse(null);
        long checkpointMs = o.events().stream().filter(e -> e.type().equals("checkpoint.created")).mapToLong(e -> e.data().path("millis").asLong()).sum();
        long runMs = java.time.Duration.between(o.events().get(0).ts(), o.events().get(o.events().size() - 1).ts()).toMillis();
        System.out.printf("RECOVERY-ROW | %s | %s | %s ms | checkpoints %d ms of %d ms%n", o.state().agent(),
                kind != null ? kind : from != null ? "runtime" : "none",
                from != null && done != null ? java.time.Duration.between(from.ts(), done.ts()).toMillis() : "-", checkpointMs, runMs);
    }

    /** Runs {@code fault} once turn {@code turn} has started (after a seeded delay). */
    static Thread atTurn(RunDirectory dir, int turn, int seed, Consumer<RunDirectory> fault) {
        Random r = new Random(seed * 31L);
        Thread t = new Thread(() -> {
            long until = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < until && !turnStarted(dir, turn)) sleep(10);
            sleep(r.nextInt(150));
            fault.accept(dir);
        });
        t.start();
        return t;
    }

    static boolean turnStarted(RunDirectory dir, int turn) {
        return java.nio.file.Files.exists(dir.events()) && EventReader.readAll(dir.events()).stream()
                .anyMatch(e -> e.type().equals("turn.started") && e.turn() != null && e.turn() == turn);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
