package dev.agentruntime.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruntime.cli.Main;
import dev.agentruntime.rundir.Status;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `agent-runtime policy check` replays a real run (built-in agent and Codex) against a policy. */
@Tag("docker")
class PolicyCheckTest {
    @TempDir
    Path tmp;

    static String cli(int expectedCode, String... args) {
        PrintStream out = System.out;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        try {
            assertThat(Main.execute(args)).isEqualTo(expectedCode);
        } finally {
            System.setOut(out);
        }
        return o.toString(StandardCharsets.UTF_8);
    }

    @Test
    void replaysWritesInstallsAndHostsOfARun() throws Exception {
        String script = """
                turns:
                  - calls: [{tool: shell, args: {command: "pip install --user requests==2.32.0 || curl -s -o /dev/null https://pypi.acme.internal/simple/requests/ || true"}}]
                  - calls: [{tool: write, args: {path: .github/workflows/ci.yml, content: "on: push\\n"}}]
                  - calls: [{tool: edit, args: {path: calc.py, old: "    return a - b", new: "    return a + b"}}]
                  - calls: [{tool: finish, args: {summary: "fixed, and added CI"}}]
                """;
        for (String[] agent : new String[][] {{"builtin", "scripted"}, {"codex", "gpt-5.5"}}) {
            Path dir = tmp.resolve(agent[0]);
            try (Scenario s = new Scenario(dir, script)) {
                Scenario.Outcome o = s.run(s.task(agent[0], agent[1], "verify: [\"python3 run_tests.py\"]\npolicy: none"));
                assertThat(o.state().status()).as(o.state().reason()).isEqualTo(Status.SUCCEEDED);
                String runs = s.runs().toString();
                String report = cli(1, "policy", "check", "--run", o.dir().runId(), "--runs-dir", runs);
                assertThat(report).contains("package-install").contains("pip").contains(".github/workflows/ci.yml")
                        .contains("CI configuration").contains("network").contains("pypi.acme.internal:443")
                        .doesNotContain("calc.py");
                Path strict = dir.resolve("strict.yaml");
                Files.writeString(strict, "rules:\n  - {action: write, path: \"calc.py\", decision: deny, reason: \"tests only\"}\n");
                assertThat(cli(1, "policy", "check", strict.toString(), "--run", o.dir().runId(), "--runs-dir", runs))
                        .contains("calc.py").contains("deny").contains("tests only").contains("1 would have been denied or asked");
                Path lenient = dir.resolve("lenient.yaml");
                Files.writeString(lenient, "rules:\n  - {action: push, decision: allow}\n");
                assertThat(cli(0, "policy", "check", lenient.toString(), "--run", o.dir().runId(), "--runs-dir", runs))
                        .contains("0 would have been denied or asked");
            }
        }
    }
}
