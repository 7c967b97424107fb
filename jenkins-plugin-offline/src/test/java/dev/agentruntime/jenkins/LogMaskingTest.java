package dev.agentruntime.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruntime.rundir.RunState;
import dev.agentruntime.rundir.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A value only Jenkins knows as a secret (a credential the runtime was not told about) shows up in a real run's
 * events; the lines agentTask writes to the build log have it masked, also base64-encoded. The same run runs out of
 * turns and is handed off, so its handoff notes are among the artifacts.
 */
@Tag("docker")
class LogMaskingTest {
    static final String SECRET = "jenkins-only-s3cret-9f2c";
    static final String SECRET_B64 = Base64.getEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8));
    static final String SCRIPT = """
            turns:
              - calls: [{tool: shell, args: {command: "echo %s; echo %s"}}]
              - calls: [{tool: edit, args: {path: calc.py, old: "    return a - b", new: "    return a + b"}}]
              - calls: [{tool: finish, args: {summary: "fixed add()"}}]
            """.formatted(SECRET, SECRET_B64);

    @TempDir
    Path tmp;

    @Test
    void secretsJenkinsKnowsAreMaskedInTheBuildLog() throws Exception {
        try (RealRun r = new RealRun(tmp, SCRIPT)) {
            RunState end = r.run(r.task("budgets: {turns: 1, wallClock: 5m}\n"));
            assertThat(end.status()).as(end.reason()).isEqualTo(Status.HANDED_OFF);
            Path dir = r.runs().resolve(end.runId());
            RunPoll poll = RunPoll.poll(dir, EventTail.start());
            String raw = String.join("\n", poll.lines());
            assertThat(raw).as("the runtime did not know the value").contains(SECRET).contains(SECRET_B64);

            List<String> masked = new LogMasker(List.of(SECRET)).mask(poll.lines());
            assertThat(masked).hasSameSizeAs(poll.lines());
            String log = String.join("\n", masked);
            assertThat(log).doesNotContain(SECRET).doesNotContain(SECRET_B64).contains("echo ****; echo ****");
            assertThat(LogMasker.none().mask(poll.lines())).isEqualTo(poll.lines());

            Map<String, String> artifacts = poll.artifacts();
            String prefix = "agent-runtime/" + end.runId() + "/";
            assertThat(artifacts).containsEntry(prefix + "handoff.md", "handoff.md").containsEntry(prefix + "report.json", "report.json");
            assertThat(poll.result()).containsEntry("status", "HANDED_OFF").containsKey("reason");
        }
    }
}
