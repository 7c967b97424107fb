package dev.agentruntime.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruntime.events.Event;
import dev.agentruntime.git.Git;
import dev.agentruntime.rundir.Status;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * verify.compareWithBase: the base already has a failing test and a flaky one; each failure is labelled, and the
 * run passes only when the agent introduced none.
 */
@Tag("docker")
class CompareWithBaseTest {
    @TempDir
    java.nio.file.Path tmp;

    static final String FIX_ADD = """
            turns:
              - calls: [{tool: edit, args: {path: calc.py, old: "    return a - b", new: "    return a + b"}}]
              - calls: [{tool: finish, args: {summary: "fixed add()"}}]
            """;
    static final String FIX_ADD_BREAK_MUL = """
            turns:
              - calls: [{tool: edit, args: {path: calc.py, old: "    return a - b", new: "    return a + b"}}]
              - calls: [{tool: edit, args: {path: calc.py, old: "    return a * b", new: "    return a * b + 1"}}]
              - calls: [{tool: finish, args: {summary: "fixed add(), touched mul()"}}]
            """;

    /** The base gets a test that always fails and one that fails only the first time in a workspace. */
    static void seedBadTests(Scenario s) {
        Git seed = new Git(s.repo.seed(), Map.of("GIT_AUTHOR_NAME", "x", "GIT_AUTHOR_EMAIL", "x@x", "GIT_COMMITTER_NAME", "x", "GIT_COMMITTER_EMAIL", "x@x"));
        try {
            Files.writeString(s.repo.seed().resolve("test_extra.py"), """
                    import os, unittest

                    class ExtraTest(unittest.TestCase):
                        def test_preexisting(self):
                            self.assertEqual(1, 2)

                        def test_flaky(self):
                            marker = os.path.join("build", ".flaky-seen")
                            seen = os.path.exists(marker)
                            os.makedirs("build", exist_ok=True)
                            open(marker, "w").close()
                            self.assertTrue(seen, "fails the first time only")
                    """);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        seed.must("add", "add", "test_extra.py");
        seed.must("commit", "commit", "-qm", "tests that fail on the base");
        seed.must("push", "push", "-q", "origin", "main");
    }

    @Test
    void nothingIntroducedPassesWithEveryFailureLabelled() {
        try (Scenario s = new Scenario(tmp.resolve("a"), FIX_ADD)) {
            seedBadTests(s);
            Scenario.Outcome o = s.run(s.task("verify: {commands: [\"python3 run_tests.py\"], compareWithBase: true}"));
            assertThat(o.state().status()).as(o.state().reason()).isEqualTo(Status.SUCCEEDED);
            var labels = o.report().get("verification").get("labels");
            assertThat(labels.toString()).contains("test_preexisting").contains("pre-existing").contains("test_flaky").contains("flaky")
                    .doesNotContain("introduced");
            assertThat(o.dir().reportMd()).content().contains("**pre-existing**").contains("**flaky**");
        }
    }

    @Test
    void anIntroducedFailureHandsOffAndIsNamed() {
        try (Scenario s = new Scenario(tmp.resolve("b"), FIX_ADD_BREAK_MUL)) {
            seedBadTests(s);
            Scenario.Outcome o = s.run(s.task("verify: {commands: [\"python3 run_tests.py\"], compareWithBase: true}"));
            assertThat(o.state().status()).as(o.state().reason()).isEqualTo(Status.HANDED_OFF);
            Event compared = o.events().stream().filter(e -> e.type().equals("verify.compared")).findFirst().orElseThrow();
            assertThat(compared.data().path("introduced").asInt()).isEqualTo(1);
            assertThat(compared.data().toString()).contains("test_mul\":\"introduced").contains("test_preexisting\":\"pre-existing");
            // The workspace is back on the agent's branch after running the base.
            assertThat(s.remoteGit("show", "agent/fix-calc:calc.py")).contains("a * b + 1");
        }
    }
}
