package dev.agentruntime.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruntime.common.Masker;
import dev.agentruntime.events.Event;
import dev.agentruntime.rundir.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each channel through which a task secret once left the runtime unmasked: the built-in agent's session file and
 * the history it re-sends, a commit subject cut before it was masked, and checkpoints holding what the agent wrote.
 * (report.html: HtmlReportMaskingTest; all of them at once: SecretCanaryTest.)
 */
@Tag("docker")
class SecretChannelsTest {
    static final String FIX = "{tool: edit, args: {path: calc.py, old: \"    return a - b\", new: \"    return a + b\"}}";
    static final String SECRETS = "secrets: [{name: TOKEN, fromEnv: TEST_TOKEN, phases: [agent]}]";

    @TempDir
    Path tmp;

    final String token = "tok-" + System.nanoTime() + "-XYZ";
    final Masker finder = Leaks.finder(token);

    /** The model itself writes the value: in its text and in a tool call's arguments. */
    String modelUsesTheValue() {
        return """
                turns:
                  - text: "I will use %1$s directly."
                    calls: [{tool: shell, args: {command: "test -n '%1$s' && echo checked"}}]
                  - calls: [%2$s]
                  - calls: [{tool: finish, args: {summary: fixed}}]
                """.formatted(token, FIX);
    }

    Scenario.Outcome run(Scenario s, String extra) {
        return s.run(s.task(SECRETS + "\n" + extra), SecretsTest.withEnv("TEST_TOKEN", token));
    }

    @Test
    void theBuiltinAgentsSessionFileHoldsNoSecret() throws Exception {
        try (Scenario s = new Scenario(tmp, modelUsesTheValue())) {
            Scenario.Outcome o = run(s, "");
            assertThat(o.state().status()).as(o.state().reason()).isEqualTo(Status.SUCCEEDED);
            String session = Files.readString(o.dir().root().resolve("builtin-session.json"));
            assertThat(finder.reveals(session)).isFalse();
            assertThat(session).contains("I will use **** directly.").contains("test -n '****'");
        }
    }

    @Test
    void laterRequestsToTheModelReSendNoSecretInTheirHistory() {
        try (Scenario s = new Scenario(tmp, modelUsesTheValue())) {
            Scenario.Outcome o = run(s, "");
            assertThat(o.state().status()).as(o.state().reason()).isEqualTo(Status.SUCCEEDED);
            assertThat(s.model.requests()).hasSize(3);
            assertThat(s.model.requests()).noneMatch(r -> finder.reveals(r.body().toString()));
            assertThat(s.model.requests().get(1).body().toString()).contains("I will use **** directly.");
        }
    }

    @Test
    void theCommitSubjectIsMaskedBeforeItIsCutTo72Characters() throws Exception {
        String summary = "x".repeat(72 - token.length()) + token + " and more";
        String script = "turns:\n  - calls: [" + FIX + "]\n  - calls: [{tool: finish, args: {summary: \"" + summary + "\"}}]\n";
        try (Scenario s = new Scenario(tmp, script)) {
            Scenario.Outcome o = run(s, "");
            assertThat(o.state().status()).as(o.state().reason()).isEqualTo(Status.SUCCEEDED);
            assertThat(finder.reveals(s.remoteGit("log", "--all", "--format=%B"))).isFalse();
            for (String f : List.of("events.jsonl", "report.json", "report.md", "report.html")) {
                assertThat(finder.reveals(Files.readString(o.dir().root().resolve(f)))).as(f).isFalse();
            }
            String subject = o.events().stream().filter(e -> e.type().equals("commit.created")).findFirst().orElseThrow().text("subject");
            assertThat(subject).isEqualTo("x".repeat(72 - token.length()) + "**** and more");
        }
    }

    @Test
    void checkpointsHoldNoFileWrittenThenDeletedNoHomeFileAndNoFileName() {
        String script = """
                turns:
                  - calls: [{tool: shell, args: {command: "echo \\"$TOKEN\\" > written.txt; echo \\"$TOKEN\\" > ~/note; touch \\"name-$TOKEN\\""}}]
                  - calls: [{tool: shell, args: {command: "rm -f written.txt ~/note name-*"}}]
                  - calls: [%s]
                  - calls: [{tool: finish, args: {summary: fixed}}]
                """.formatted(FIX);
        try (Scenario s = new Scenario(tmp, script)) {
            Scenario.Outcome o = run(s, "");
            assertThat(o.state().status()).as(o.state().reason()).isEqualTo(Status.SUCCEEDED);
            assertThat(Leaks.bundles(o.dir())).hasSizeGreaterThanOrEqualTo(2); // before turn 1, and after the fix
            assertThat(Leaks.inObjects(Leaks.importCheckpoints(o.dir(), s.repo.remote(), tmp.resolve("imported")), finder)).isFalse();
            assertThat(Leaks.inObjects(o.workspace(), finder)).isFalse();
            Event refused = o.events().stream().filter(e -> e.type().equals("checkpoint.refused")).findFirst().orElseThrow();
            assertThat(refused.data().get("beforeTurn").asInt()).isEqualTo(2);
            assertThat(refused.data().get("paths").toString()).contains("workspace/written.txt", "agent-home/note", "workspace/name-****");
        }
    }

    @Test
    void aCommitBlockedForHoldingASecretLeavesItsContentInNoCheckpointAndNoObject() {
        String script = """
                turns:
                  - calls: [{tool: shell, args: {command: "echo \\"api_key = '$TOKEN'\\" > settings.py"}}]
                  - calls: [{tool: finish, args: {summary: configured}}]
                """;
        try (Scenario s = new Scenario(tmp, script)) {
            Scenario.Outcome o = run(s, "verify: [\"true\"]");
            assertThat(o.state().status()).isEqualTo(Status.FAILED);
            assertThat(o.state().reason()).contains("commit was blocked").contains("secret TOKEN");
            assertThat(Leaks.inObjects(Leaks.importCheckpoints(o.dir(), s.repo.remote(), tmp.resolve("imported")), finder)).isFalse();
            // The agent's own file is still in its workspace; git stored nothing of it.
            assertThat(o.workspace().resolve("settings.py")).exists();
            assertThat(Leaks.inObjects(o.workspace(), finder)).isFalse();
            assertThat(o.events().stream().filter(e -> e.type().equals("checkpoint.refused"))
                    .map(e -> e.data().get("beforeTurn").asInt())).containsExactly(2, 3);
        }
    }
}
