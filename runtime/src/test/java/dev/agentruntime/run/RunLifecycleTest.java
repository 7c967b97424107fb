package dev.agentruntime.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentruntime.demo.DemoScript;
import dev.agentruntime.demo.ExampleRepo;
import dev.agentruntime.events.Event;
import dev.agentruntime.rundir.Status;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole lifecycle with real Docker, real git and the scripted model over HTTP. */
@Tag("docker")
class RunLifecycleTest {
    @TempDir
    Path tmp;

    @Test
    void fixesTheFailingTestAndPushesAVerifiedBranch() throws Exception {
        try (Scenario s = new Scenario(tmp, DemoScript.YAML)) {
            Scenario.Outcome o = s.run(s.task("verify: {commands: [\"python3 run_tests.py\"], junitReports: [\"build/test-results/*.xml\"]}"));

            assertThat(o.state().status()).as(o.state().reason()).isEqualTo(Status.SUCCEEDED);
            assertThat(o.state().branch()).isEqualTo("agent/fix-calc");
            assertThat(o.state().pushed()).isTrue();
            // The fix and the trailers are on the remote branch.
            assertThat(s.remoteGit("show", "agent/fix-calc:calc.py")).contains(ExampleRepo.FIXED_LINE).doesNotContain(ExampleRepo.BUGGY_LINE);
            String message = s.remoteGit("log", "-1", "--format=%B", "agent/fix-calc");
            assertThat(message).contains("Agent-Run: " + o.dir().runId()).contains("Agent: builtin").contains("Task: fix-calc");
            assertThat(s.remoteGit("rev-parse", "agent/fix-calc").strip()).isEqualTo(o.state().commit());

            // Events: provisioning, every turn and tool call, verification, push — in order.
            List<String> milestones = o.types().stream().filter(t -> List.of("repo.cloned", "branch.created", "sandbox.created",
                    "agent.started", "agent.finished", "verify.started", "verify.finished", "commit.created", "push.completed",
                    "sandbox.removed", "run.finished").contains(t)).toList();
            assertThat(milestones).containsExactly("repo.cloned", "branch.created", "sandbox.created", "agent.started",
                    "agent.finished", "sandbox.removed", "commit.created", "verify.started", "sandbox.created", "sandbox.removed",
                    "verify.finished", "push.completed", "run.finished");
            assertThat(statuses(o.events())).containsExactly("PROVISIONING", "RUNNING", "VERIFYING", "SUCCEEDED");
            assertThat(o.events()).extracting(Event::seq).containsExactlyElementsOf(seqs(o.events().size()));
            List<Event> calls = o.events().stream().filter(e -> e.type().equals("tool.call")).toList();
            assertThat(calls).extracting(e -> e.text("name")).containsExactly("bash", "read_file", "edit_file", "bash", "finish");
            assertThat(calls).extracting(Event::turn).containsExactly(1, 2, 3, 4, 5);
            assertThat(calls.get(2).text("kind")).isEqualTo("edit");
            List<Event> results = o.events().stream().filter(e -> e.type().equals("tool.result")).toList();
            assertThat(results.get(0).text("exitCode")).isEqualTo("1"); // the tests failed before the fix
            assertThat(results.get(3).text("exitCode")).isEqualTo("0"); // and pass after it

            // report.json agrees with the events and the remote.
            JsonNode r = o.report();
            assertThat(r.get("outcome").asText()).isEqualTo("SUCCEEDED");
            assertThat(r.get("readyForPullRequest").asBoolean()).isTrue();
            assertThat(r.get("branch").asText()).isEqualTo("agent/fix-calc");
            assertThat(r.get("commits").get(0).get("sha").asText()).isEqualTo(o.state().commit());
            assertThat(r.get("diffStat").get("files").asInt()).isEqualTo(1);
            assertThat(r.get("usage").get("turns").asInt()).isEqualTo(5);
            assertThat(r.get("usage").get("toolCalls").asInt()).isEqualTo(5);
            long tokens = o.events().stream().filter(e -> e.type().equals("model.response"))
                    .mapToLong(e -> e.data().get("usage").get("input").asLong() + e.data().get("usage").get("output").asLong()).sum();
            assertThat(r.get("usage").get("totalTokens").asLong()).isEqualTo(tokens).isPositive();
            assertThat(r.get("verification").get("passed").asBoolean()).isTrue();
            assertThat(r.get("verification").get("junit").get("tests").asInt()).isEqualTo(2);
            assertThat(r.get("verification").get("junit").get("failed").asInt()).isZero();
            assertThat(o.dir().reportMd()).content().contains("ready for a pull request").contains("Tests: 2 run, 0 failed");
            // JUnit XML for Jenkins: the verify commands as a suite, and the repository's own report beside it.
            Path junit = o.dir().root().resolve("junit");
            assertThat(junit.resolve("TEST-agent-runtime-verify.xml")).content()
                    .contains("<testsuite name=\"agent-runtime.verify\" tests=\"1\" failures=\"0\"").contains("name=\"python3 run_tests.py\"");
            try (var files = java.nio.file.Files.list(junit)) {
                assertThat(files.map(f -> f.getFileName().toString())).anyMatch(n -> n.startsWith("repo-"));
            }

            assertThat(Scenario.containersOf(o.dir().runId())).isEmpty();
        }
    }

    @Test
    void failingVerificationHandsOffWithTheWorkPushedButNotReady() {
        String wrongFix = """
                turns:
                  - calls: [{tool: edit_file, args: {path: calc.py, old_string: "    return a - b", new_string: "    return a * b"}}]
                  - calls: [{tool: finish, args: {summary: "Changed add()"}}]
                """;
        try (Scenario s = new Scenario(tmp, wrongFix)) {
            Scenario.Outcome o = s.run(s.task(""));
            assertThat(o.state().status()).isEqualTo(Status.HANDED_OFF);
            assertThat(o.state().reason()).contains("verification failed").contains("python3 run_tests.py").contains("not ready for a pull request");
            // The work so far is on the task branch for whoever continues it; nothing says it is ready.
            assertThat(s.remoteGit("show", "agent/fix-calc:calc.py")).contains("return a * b");
            assertThat(o.dir().root().resolve("handoff.md")).content().contains("test_add");
            JsonNode v = o.report().get("verification");
            assertThat(v.get("passed").asBoolean()).isFalse();
            assertThat(v.get("commands").get(0).get("exitCode").asInt()).isEqualTo(1);
            assertThat(v.get("commands").get(0).get("outputTail").asText()).contains("test_add").contains("FAIL");
            assertThat(v.get("junit").get("failed").asInt()).isEqualTo(1);
            assertThat(o.dir().root().resolve("junit/TEST-agent-runtime-verify.xml")).content().contains("failures=\"1\"")
                    .contains("<failure message=\"exited 1\"");
            assertThat(o.report().get("readyForPullRequest").asBoolean()).isFalse();
            assertThat(o.dir().reportMd()).content().contains("not ready for a pull request").contains("Output of the failing command");
            assertThat(Scenario.containersOf(o.dir().runId())).isEmpty();
        }
    }

    @Test
    void aScriptThatNeverFinishesStopsAtTheTurnBudget() {
        String forever = """
                repeatLast: true
                turns:
                  - calls: [{tool: bash, args: {command: "echo still working >> progress.txt"}}]
                """;
        try (Scenario s = new Scenario(tmp, forever)) {
            Scenario.Outcome o = s.run(s.task("budgets: {turns: 3}"));
            assertThat(o.state().status()).isEqualTo(Status.HANDED_OFF);
            assertThat(o.state().reason()).contains("turn budget exhausted").contains("budgets.turns");
            assertThat(o.types()).contains("budget.exceeded");
            assertThat(o.events().stream().filter(e -> e.type().equals("turn.started")).count()).isEqualTo(3);
            assertThat(s.model.turnsServed()).isEqualTo(3);
            assertThat(o.report().get("usage").get("turns").asInt()).isEqualTo(3);
            assertThat(o.types()).doesNotContain("verify.started").contains("handoff.written");
            assertThat(Scenario.containersOf(o.dir().runId())).isEmpty();
        }
    }

    @Test
    void transientModelFailuresAreRetried() {
        String flaky = "turns:\n  - fault: {status: 500}\n  - fault: {disconnect: true}\n  - text: x\n    calls: [{tool: write_file, args: {path: calc.py, content: \"def add(a, b):\\n    return a + b\\n\\n\\ndef mul(a, b):\\n    return a * b\\n\"}}]\n  - calls: [{tool: finish, args: {summary: fixed}}]\n";
        try (Scenario s = new Scenario(tmp, flaky)) {
            Scenario.Outcome o = s.run(s.task(""));
            assertThat(o.state().status()).as(o.state().reason()).isEqualTo(Status.SUCCEEDED);
            List<Event> errors = o.events().stream().filter(e -> e.type().equals("model.error")).toList();
            assertThat(errors).hasSize(2);
            assertThat(errors.get(0).text("status")).isEqualTo("500");
            assertThat(errors).allMatch(e -> e.data().get("retrying").asBoolean());
        }
    }

    static List<String> statuses(List<Event> events) {
        return events.stream().filter(e -> e.type().equals("state.changed")).map(e -> e.text("to")).collect(Collectors.toList());
    }

    static List<Long> seqs(int n) {
        List<Long> l = new ArrayList<>();
        for (long i = 1; i <= n; i++) l.add(i);
        return l;
    }
}
