package dev.agentruntime.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruntime.demo.DemoScript;
import dev.agentruntime.events.Event;
import dev.agentruntime.rundir.Status;
import dev.agentruntime.common.Masker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets are injected only where scoped and appear nowhere the runtime writes, nor in the pushed branch. */
@Tag("docker")
class SecretsTest {
    @TempDir
    Path tmp;

    static RunOptions withEnv(String name, String value) {
        return new RunOptions(Agents.standard(), Map.of(), n -> n.equals(name) ? value : null);
    }

    /** Every file of the run directory, read as bytes, must not contain the value in any form. */
    static void assertNowhere(Path root, String value) throws Exception {
        Masker forms = new Masker(List.of(value));
        for (Path f : Scenario.filesOf(new dev.agentruntime.rundir.RunDirectory(root))) {
            assertThat(forms.reveals(Files.readString(f, StandardCharsets.ISO_8859_1))).as(f.toString()).isFalse();
        }
    }

    @Test
    void aCanaryUsedDuringVerifyAppearsNowhere() throws Exception {
        String canary = "canary-" + System.nanoTime() + "-s3cr3t";
        String script = "turns:\n  - calls: [{tool: shell, args: {command: \"echo agent-sees=[$CANARY]\"}}]\n"
                + DemoScript.YAML.substring(DemoScript.YAML.indexOf("turns:") + 7);
        try (Scenario s = new Scenario(tmp, script)) {
            Scenario.Outcome o = s.run(s.task("""
                    verify: ["python3 run_tests.py", "test -n \\"$CANARY\\" && echo canary=$CANARY && echo $CANARY | base64 && python3 -c 'import json,os; print(json.dumps({\\"v\\": os.environ[\\"CANARY\\"]}))'"]
                    secrets: [{name: CANARY, fromEnv: TEST_CANARY, phases: [verify]}]"""), withEnv("TEST_CANARY", canary));
            assertThat(o.state().status()).as(o.state().reason()).isEqualTo(Status.SUCCEEDED);
            // Scoped to verify: the agent did not get it.
            assertThat(o.events().stream().filter(e -> e.type().equals("tool.result")).findFirst().orElseThrow().text("outputTail"))
                    .contains("agent-sees=[]");
            // Verify used it, and its output is masked in every form.
            Event verify = o.events().stream().filter(e -> e.type().equals("verify.command.finished")).reduce((a, b) -> b).orElseThrow();
            assertThat(verify.text("exitCode")).isEqualTo("0");
            assertThat(verify.text("outputTail")).contains("canary=****").contains("{\"v\": \"****\"}");
            assertNowhere(o.dir().root(), canary);
            assertThat(new Masker(List.of(canary)).reveals(s.remoteGit("log", "-p", "--all"))).isFalse();
        }
    }

    @Test
    void anAgentScopedSecretIsMaskedForTheModelAndBlocksTheCommitWhenWrittenToTheRepo() throws Exception {
        String token = "tok-" + System.nanoTime() + "-XYZ";
        String script = """
                turns:
                  - calls: [{tool: shell, args: {command: "echo token=$TOKEN"}}]
                  - calls: [{tool: shell, args: {command: "echo \\"api_key = '$TOKEN'\\" > settings.py"}}]
                  - calls: [{tool: finish, args: {summary: "configured"}}]
                """;
        try (Scenario s = new Scenario(tmp, script)) {
            Scenario.Outcome o = s.run(s.task("""
                    verify: ["true"]
                    secrets: [{name: TOKEN, fromEnv: TEST_TOKEN, phases: [agent]}]"""), withEnv("TEST_TOKEN", token));
            assertThat(o.events().stream().filter(e -> e.type().equals("tool.result")).findFirst().orElseThrow().text("outputTail"))
                    .contains("token=****");
            assertThat(s.model.requests()).noneMatch(r -> r.body().toString().contains(token));
            assertThat(o.state().status()).isEqualTo(Status.FAILED);
            assertThat(o.state().reason()).contains("commit was blocked").contains("secret TOKEN");
            assertThat(o.types()).contains("commit.blocked").doesNotContain("commit.created", "push.completed");
            assertThat(s.remoteGit("branch", "--list", "agent/fix-calc").strip()).isEmpty();
            // The file in the workspace is the agent's; everything the runtime wrote is clean.
            Path settings = o.workspace().resolve("settings.py");
            assertThat(settings).exists();
            Files.delete(settings);
            assertNowhere(o.dir().root(), token);
        }
    }

    @Test
    void setupSecretsAreNotGivenToSetupReRunOnTheAgentsTree() throws Exception {
        String secret = "setup-only-" + System.nanoTime() + "-SECRET";
        String script = """
                turns:
                  - calls: [{tool: shell, args: {command: "echo 'echo leaked=$SETUP_TOKEN > /home/agent/leak.txt' > boot.sh"}}]
                  - calls: [{tool: edit, args: {path: calc.py, old: "    return a - b", new: "    return a + b"}}]
                  - calls: [{tool: finish, args: {summary: "fixed"}}]
                """;
        try (Scenario s = new Scenario(tmp, script)) {
            Scenario.Outcome o = s.run(s.task("""
                    setup: ["test ! -f boot.sh || bash boot.sh"]
                    secrets: [{name: SETUP_TOKEN, fromEnv: TEST_SETUP, phases: [setup]}]"""), withEnv("TEST_SETUP", secret));
            assertThat(o.state().status()).as(o.state().reason()).isEqualTo(Status.SUCCEEDED);
            // The agent's boot.sh ran in the verify sandbox's setup, without the setup-only secret.
            assertThat(o.agentHome().resolve("leak.txt")).hasContent("leaked=");
            assertThat(o.events().stream().filter(e -> e.type().equals("secret.injected")).map(e -> e.text("phase"))).containsExactly("setup");
            assertNowhere(o.dir().root(), secret);
        }
    }

    @Test
    void aMissingSecretFailsTheRunNamingIt() {
        try (Scenario s = new Scenario(tmp, DemoScript.YAML)) {
            Scenario.Outcome o = s.run(s.task("secrets: [{name: NPM_TOKEN, fromEnv: NOT_SET_ANYWHERE, phases: [setup]}]"), withEnv("x", "y"));
            assertThat(o.state().status()).isEqualTo(Status.FAILED);
            assertThat(o.state().reason()).isEqualTo("secret NPM_TOKEN: environment variable NOT_SET_ANYWHERE is not set for the runtime");
        }
    }
}
