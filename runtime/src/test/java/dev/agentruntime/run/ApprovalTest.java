package dev.agentruntime.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruntime.approval.Approvals;
import dev.agentruntime.cli.Main;
import dev.agentruntime.events.Event;
import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.rundir.Status;
import dev.agentruntime.task.TaskSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The default policy asks before the built-in agent writes CI configuration; a human decides through the CLI. */
@Tag("docker")
class ApprovalTest {
    @TempDir
    Path tmp;

    static final String SCRIPT = """
            turns:
              - calls: [{tool: write, args: {path: .github/workflows/ci.yml, content: "on: push\\n"}}]
              - calls: [{tool: edit, args: {path: calc.py, old: "    return a - b", new: "    return a + b"}}]
              - calls: [{tool: finish, args: {summary: "fixed add() and added CI"}}]
            """;

    /** Runs the task while a "human" answers the first approval request with the given CLI arguments. */
    Scenario.Outcome runAnswering(Scenario s, TaskSpec task, String... decision) throws Exception {
        TaskRunner runner = new TaskRunner(RunOptions.defaults());
        RunDirectory dir = runner.create(task, s.runs(), null);
        Thread human = new Thread(() -> {
            try {
                while (dir.readState().status() != Status.AWAITING_APPROVAL) {
                    if (dir.readState().status().isTerminal()) return;
                    Thread.sleep(50);
                }
                if (decision.length == 0) return; // nobody answers
                String id = new Approvals(dir).pending().get(0).id();
                String[] args = new String[decision.length + 4];
                args[0] = "approve";
                args[1] = dir.root().toString();
                args[2] = id;
                System.arraycopy(decision, 0, args, 3, decision.length);
                args[args.length - 1] = "--reason=checked by a test";
                assertThat(Main.execute(args)).isZero();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        human.start();
        var end = runner.execute(dir, task);
        human.join();
        return Scenario.outcome(dir, end);
    }

    @Test
    void approvedActionRuns() throws Exception {
        try (Scenario s = new Scenario(tmp, SCRIPT)) {
            Scenario.Outcome o = runAnswering(s, s.task(""), "--allow", "--as", "alice");
            assertThat(o.state().status()).as(o.state().reason()).isEqualTo(Status.SUCCEEDED);
            assertThat(statuses(o)).containsSubsequence("RUNNING", "AWAITING_APPROVAL", "RUNNING", "VERIFYING", "SUCCEEDED");
            Event requested = first(o, "approval.requested");
            assertThat(requested.text("subject")).isEqualTo(".github/workflows/ci.yml");
            assertThat(requested.text("reason")).isEqualTo("CI configuration");
            Event decided = first(o, "approval.decided");
            assertThat(decided.actor()).isEqualTo("alice");
            assertThat(decided.text("decision")).isEqualTo("allow");
            assertThat(decided.text("reason")).isEqualTo("checked by a test");
            assertThat(s.remoteGit("show", "agent/fix-calc:.github/workflows/ci.yml")).contains("on: push");
            var decision = o.report().get("decisions").get(0);
            assertThat(decision.get("by").asText()).isEqualTo("alice");
            assertThat(decision.get("decision").asText()).isEqualTo("allow");
            assertThat(o.dir().reportMd()).content().contains("## Approvals and denials").contains("| alice |");
        }
    }

    @Test
    void deniedActionDoesNotRunTheAgentIsToldAndTheRunGoesOn() throws Exception {
        try (Scenario s = new Scenario(tmp, SCRIPT)) {
            Scenario.Outcome o = runAnswering(s, s.task(""), "--deny", "--as", "bob");
            assertThat(o.state().status()).as(o.state().reason()).isEqualTo(Status.SUCCEEDED);
            assertThat(first(o, "approval.decided").actor()).isEqualTo("bob");
            Event result = first(o, "tool.result");
            assertThat(result.text("status")).isEqualTo("error");
            assertThat(result.text("outputTail")).contains("was not approved by bob");
            assertThat(s.remoteGit("ls-tree", "-r", "--name-only", "agent/fix-calc")).doesNotContain(".github/workflows/ci.yml");
            // The model was told.
            assertThat(s.model.requests().get(1).body().toString()).contains("was not approved by bob");
        }
    }

    @Test
    void nobodyAnsweringDeniesAfterTheTimeout() throws Exception {
        try (Scenario s = new Scenario(tmp, SCRIPT)) {
            Scenario.Outcome o = runAnswering(s, s.task("approvals: {timeout: 2s}"));
            assertThat(o.state().status()).isEqualTo(Status.SUCCEEDED);
            Event decided = first(o, "approval.decided");
            assertThat(decided.actor()).isEqualTo("timeout");
            assertThat(decided.text("decision")).isEqualTo("deny");
        }
    }

    @Test
    void policyDenialsNeedNoHuman() throws Exception {
        Path policy = tmp.resolve("policy.yaml");
        java.nio.file.Files.writeString(policy, "rules:\n  - {action: write, path: \".github/**\", decision: deny, reason: \"no CI changes from agents\"}\n");
        try (Scenario s = new Scenario(tmp.resolve("s"), SCRIPT)) {
            Scenario.Outcome o = s.run(s.task("policy: " + policy));
            assertThat(o.state().status()).isEqualTo(Status.SUCCEEDED);
            assertThat(o.types()).contains("policy.denied").doesNotContain("approval.requested");
            assertThat(first(o, "tool.result").text("outputTail")).contains("policy denies write .github/workflows/ci.yml (no CI changes from agents)");
        }
    }

    static final String SHELL_WRITE = """
            turns:
              - calls: [{tool: shell, args: {command: "mkdir -p .github/workflows && echo 'on: push' > .github/workflows/ci.yml"}}]
              - calls: [{tool: edit, args: {path: calc.py, old: "    return a - b", new: "    return a + b"}}]
              - calls: [{tool: finish, args: {summary: "fixed add() and added CI"}}]
            """;

    @Test
    void filesChangedBehindTheToolsAreCheckedAtCommitTime() throws Exception {
        try (Scenario s = new Scenario(tmp.resolve("allow"), SHELL_WRITE)) {
            Scenario.Outcome o = runAnswering(s, s.task(""), "--allow", "--as", "carol");
            assertThat(o.state().status()).as(o.state().reason()).isEqualTo(Status.SUCCEEDED);
            assertThat(first(o, "approval.requested").text("subject")).isEqualTo(".github/workflows/ci.yml");
            assertThat(first(o, "approval.decided").actor()).isEqualTo("carol");
            assertThat(s.remoteGit("show", "agent/fix-calc:.github/workflows/ci.yml")).contains("on: push");
        }
        try (Scenario s = new Scenario(tmp.resolve("deny"), SHELL_WRITE)) {
            Scenario.Outcome o = runAnswering(s, s.task(""), "--deny", "--as", "dave");
            assertThat(o.state().status()).isEqualTo(Status.FAILED);
            assertThat(o.state().reason()).contains("commit was blocked").contains("was not approved by dave");
            assertThat(s.remoteGit("branch", "--list", "agent/fix-calc").strip()).isEmpty();
        }
    }

    /**
     * The real agent CLIs, each through its interactive channel (Claude's control protocol, codex app-server,
     * opencode acp): the write is put to the policy before it happens, a human decides, the run goes on.
     */
    @ParameterizedTest(name = "{0} {2}")
    @CsvSource({"opencode, scripted-model, allow", "opencode, scripted-model, deny", "codex, gpt-5.5, allow", "codex, gpt-5.5, deny",
            "claude-code, claude-sonnet-4-5, allow", "claude-code, claude-sonnet-4-5, deny"})
    void cliAgentsAskBeforeTheActionRuns(String agent, String model, String decision) throws Exception {
        String human = decision.equals("allow") ? "alice" : "bob";
        // Claude Code edits only files it has read.
        String script = SCRIPT.replace("  - calls: [{tool: edit", "  - calls: [{tool: read, args: {path: calc.py}}]\n  - calls: [{tool: edit");
        try (Scenario s = new Scenario(tmp, script)) {
            TaskSpec task = s.task(agent, model, "budgets: {turns: 10, wallClock: 3m}\nstall: {after: 60s}");
            Scenario.Outcome o = runAnswering(s, task, "--" + decision, "--as", human);
            assertThat(o.state().status()).as(o.state().reason()).isEqualTo(Status.SUCCEEDED);
            assertThat(first(o, "agent.process.started").text("channel")).isEqualTo("interactive");
            Event requested = first(o, "approval.requested");
            assertThat(requested.text("subject")).isEqualTo(".github/workflows/ci.yml");
            // Asked before it ran: the diff shown to the human does not contain the file yet.
            var request = new Approvals(o.dir()).all().get(0);
            assertThat(request.diff()).doesNotContain("on: push");
            Event decided = first(o, "approval.decided");
            assertThat(decided.actor()).isEqualTo(human);
            assertThat(decided.text("decision")).isEqualTo(decision);
            String branch = s.remoteGit("ls-tree", "-r", "--name-only", "agent/fix-calc");
            assertThat(s.remoteGit("show", "agent/fix-calc:calc.py")).contains(dev.agentruntime.demo.ExampleRepo.FIXED_LINE);
            if (decision.equals("allow")) {
                assertThat(branch).contains(".github/workflows/ci.yml");
            } else {
                assertThat(branch).doesNotContain(".github/workflows/ci.yml");
                // The agent was told, in the request that followed the decision.
                String told = s.model.requests().stream().map(r -> r.body().toString()).reduce("", String::concat);
                assertThat(told).containsAnyOf("was not approved by bob", "rejected");
            }
        }
    }

    static List<String> statuses(Scenario.Outcome o) {
        return o.events().stream().filter(e -> e.type().equals("state.changed")).map(e -> e.text("to")).toList();
    }

    static Event first(Scenario.Outcome o, String type) {
        return o.events().stream().filter(e -> e.type().equals(type)).findFirst().orElseThrow(() -> new AssertionError("no " + type));
    }
}
