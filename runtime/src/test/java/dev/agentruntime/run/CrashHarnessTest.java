package dev.agentruntime.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruntime.cli.Main;
import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.rundir.RunState;
import dev.agentruntime.rundir.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The crash harness: a fault at a random moment of a run — anywhere, not only at turn boundaries: provisioning,
 * a tool call, a checkpoint, the commit, verification, the push — and the final branch must hold exactly the tree of
 * a fault-free run of the same task, in one commit. A moment is drawn from the fault-free run's timeline: after a
 * random one of its events, plus a random part of the time until its next event. Each turn appends a line, so a turn skipped, repeated or
 * reordered shows. Seeds {@code crash.seed} … (default 1) for {@code crash.seeds} seeds per agent and fault (default
 * 2; the numbers in docs/performance.md are from {@code -Dcrash.seeds=10}). Each case prints a {@code CRASH-ROW}.
 *
 * <p>Faults: the sandbox removed ({@code docker rm -f}); the agent process killed (SIGKILL from the host; Codex only —
 * the built-in agent is a thread of the runtime, so killing it is killing the runtime); the runtime killed (kill -9
 * of its JVM, then {@code agent-runtime resume}).
 */
@Tag("docker")
class CrashHarnessTest {
    static final String SCRIPT = """
            byConversation: true
            turns:
              - calls: [{tool: shell, args: {command: "echo 1 >> steps.txt"}}]
              - calls: [{tool: write, args: {path: notes.txt, content: "two"}}]
              - calls: [{tool: shell, args: {command: "sleep 0.5 && echo 3 >> steps.txt"}}]
              - calls: [{tool: edit, args: {path: calc.py, old: "    return a - b", new: "    return a + b"}}]
              - {calls: [{tool: shell, args: {command: "cat notes.txt >> steps.txt && echo 5 >> steps.txt"}}], fault: {delayMs: 300}}
              - calls: [{tool: shell, args: {command: "echo 6 >> steps.txt"}}]
              - calls: [{tool: finish, args: {summary: "fixed add()"}}]
            """;
    static final Map<String, String> MODELS = Map.of("builtin", "scripted", "codex", "gpt-5.5");
    static final String EXTRA = "stall: {after: 60s}";

    enum Fault { SANDBOX_REMOVED, AGENT_KILLED, RUNTIME_KILLED }

    /**
     * A fault-free run: its branch tree and when each of its events came (ms from the first), so a moment can be drawn
     * that any run of the task reaches, however fast the machine is at the time.
     */
    record Reference(String tree, List<Long> offsets, List<String> types) {
        /** A random moment: after event {@code afterSeq} (1-based), plus part of the time until the next one. */
        Moment moment(Random r, Fault f) {
            int from = f == Fault.AGENT_KILLED ? types.indexOf("agent.started") : 0;
            int to = f == Fault.AGENT_KILLED ? types.indexOf("agent.finished") : types.indexOf("run.finished");
            int i = from + r.nextInt(to - from);
            return new Moment(i + 1, r.nextLong(offsets.get(i + 1) - offsets.get(i) + 1));
        }
    }

    /** {@code delayMillis} after the run wrote event {@code afterSeq}. */
    record Moment(int afterSeq, long delayMillis) {
        void await(RunDirectory dir) {
            long until = System.currentTimeMillis() + 120_000;
            while (System.currentTimeMillis() < until && !Files.exists(dir.state())) RecoveryTest.sleep(5);
            while (System.currentTimeMillis() < until && !dir.readState().status().isTerminal()
                    && (!Files.exists(dir.events()) || lastSeq(dir) < afterSeq)) {
                RecoveryTest.sleep(5);
            }
            RecoveryTest.sleep(delayMillis);
        }

        @Override
        public String toString() {
            return "event " + afterSeq + " + " + delayMillis + " ms";
        }
    }

    static long lastSeq(RunDirectory dir) {
        var events = dev.agentruntime.events.EventReader.readAll(dir.events());
        return events.isEmpty() ? 0 : events.get(events.size() - 1).seq();
    }

    private static final Map<String, Reference> REFERENCES = new ConcurrentHashMap<>();
    private static final List<String> ROWS = new CopyOnWriteArrayList<>();

    @TempDir
    Path tmp;

    static Stream<Arguments> cases() {
        long first = Long.getLong("crash.seed", 1);
        int n = Integer.getInteger("crash.seeds", 2);
        return Stream.of("builtin", "codex").flatMap(agent -> Stream.of(Fault.values())
                .filter(f -> f != Fault.AGENT_KILLED || !agent.equals("builtin"))
                .flatMap(f -> IntStream.range(0, n).mapToObj(i -> Arguments.of(agent, f, first + i))));
    }

    @ParameterizedTest(name = "{0} {1} seed {2}")
    @MethodSource("cases")
    void finalBranchIsTheFaultFreeOne(String agent, Fault fault, long seed) throws Exception {
        Reference ref = reference(agent);
        Moment at = ref.moment(new Random(seed * 7919 + fault.ordinal() * 31L + agent.length()), fault);
        try (Scenario s = new Scenario(tmp.resolve("s"), SCRIPT)) {
            String hit;
            RunState end;
            RunDirectory dir;
            if (fault == Fault.RUNTIME_KILLED) {
                RuntimeProcess runtime = RuntimeProcess.start(s.writeTask(s.yaml(agent, MODELS.get(agent), EXTRA)), s.runs(), "crash-" + seed);
                dir = runtime.dir;
                at.await(dir);
                hit = runtime.process.isAlive() ? moment(dir) : "never: the run ended first";
                runtime.kill9();
                end = dir.readState();
                if (!end.status().isTerminal()) {
                    assertThat(Main.execute("resume", dir.root().toString(), "--quiet")).isIn(0, 1);
                    end = dir.readState();
                }
            } else {
                TaskRunner runner = new TaskRunner(RunOptions.defaults());
                var task = s.task(agent, MODELS.get(agent), EXTRA);
                dir = runner.create(task, s.runs(), null);
                Injection injection = new Injection(dir, fault, at);
                injection.start();
                end = runner.execute(dir, task);
                injection.join();
                hit = injection.hit;
            }
            Scenario.Outcome o = Scenario.outcome(dir, end);
            String tree = s.remoteGit("rev-parse", "agent/fix-calc^{tree}").strip();
            String commits = s.remoteGit("rev-list", "--count", "main..agent/fix-calc").strip();
            List<String> left = Scenario.containersOf(dir.runId());
            boolean identical = end.status() == Status.SUCCEEDED && tree.equals(ref.tree()) && commits.equals("1") && left.isEmpty();
            String row = String.format("CRASH-ROW | %s | %s | seed %d | at %s: %s | %s | %s | recoveries %d", agent, fault, seed, at, hit,
                    end.status(), identical ? "identical" : "DIFFERENT (tree " + tree + " vs " + ref.tree() + ", commits " + commits
                            + ", containers " + left + ", reason " + end.reason() + ")",
                    o.events().stream().filter(e -> e.type().equals("recovery.started") || e.type().equals("run.resumed")).count());
            ROWS.add(row);
            System.out.println(row);
            assertThat(end.status()).as(end.reason()).isEqualTo(Status.SUCCEEDED);
            assertThat(tree).as("the branch tree of a fault-free run").isEqualTo(ref.tree());
            assertThat(commits).as("commits on the branch").isEqualTo("1");
            assertThat(left).as("containers left").isEmpty();
        }
    }

    /** Per agent and fault: how many runs ended identical to the fault-free one, and in how many the fault landed. */
    @AfterAll
    static void summary() {
        ROWS.stream().map(r -> r.split(" \\| ")).collect(java.util.stream.Collectors.groupingBy(r -> r[1] + " | " + r[2],
                java.util.TreeMap::new, java.util.stream.Collectors.toList())).forEach((k, rows) -> System.out.printf(
                "CRASH-SUMMARY | %s | %d/%d identical | fault landed in %d%n", k, rows.stream().filter(r -> r[6].equals("identical")).count(),
                rows.size(), rows.stream().filter(r -> !r[4].contains("never")).count()));
    }

    Reference reference(String agent) {
        return REFERENCES.computeIfAbsent(agent, a -> {
            try (Scenario s = new Scenario(tmp.resolve("reference-" + a), SCRIPT)) {
                Scenario.Outcome o = s.run(s.task(a, MODELS.get(a), EXTRA));
                assertThat(o.state().status()).as(o.state().reason()).isEqualTo(Status.SUCCEEDED);
                assertThat(s.remoteGit("show", "agent/fix-calc:steps.txt")).matches("1\n3\ntwo\n?5\n6\n");
                java.time.Instant start = o.events().get(0).ts();
                return new Reference(s.remoteGit("rev-parse", "agent/fix-calc^{tree}").strip(),
                        o.events().stream().map(e -> java.time.Duration.between(start, e.ts()).toMillis()).toList(), o.types());
            }
        });
    }

    /** Where the run was when the fault hit: its status and last event. */
    static String moment(RunDirectory dir) {
        if (!Files.exists(dir.events())) return "before the first event";
        var events = dev.agentruntime.events.EventReader.readAll(dir.events());
        var last = events.get(events.size() - 1);
        return dir.readState().status() + " after " + last.type() + (last.turn() != null ? " (turn " + last.turn() + ")" : "");
    }

    /** Injects the fault into an in-process run at a moment, or as soon after as its target exists. */
    static final class Injection extends Thread {
        final RunDirectory dir;
        final Fault fault;
        final Moment at;
        volatile String hit = "never: the run ended first";

        Injection(RunDirectory dir, Fault fault, Moment at) {
            this.dir = dir;
            this.fault = fault;
            this.at = at;
        }

        @Override
        public void run() {
            at.await(dir);
            while (!dir.readState().status().isTerminal()) {
                String where = moment(dir);
                boolean done = fault == Fault.SANDBOX_REMOVED ? Faults.removeSandbox(dir.runId()) : Faults.killInSandbox(dir.runId(), "codex") > 0;
                if (done) {
                    hit = where;
                    return;
                }
                RecoveryTest.sleep(5);
            }
        }
    }
}
