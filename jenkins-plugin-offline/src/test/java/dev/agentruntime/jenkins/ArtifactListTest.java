package dev.agentruntime.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruntime.rundir.RunState;
import dev.agentruntime.rundir.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What agentTask archives of a real, verified run: reports, checkpoints and the JUnit XML its verification wrote. */
@Tag("docker")
class ArtifactListTest {
    @TempDir
    Path tmp;

    @Test
    void reportsCheckpointsAndJUnitXml() throws Exception {
        try (RealRun r = new RealRun(tmp, EventTailRestartTest.SCRIPT)) {
            RunState end = r.run(r.task("""
                    verify:
                      - python3 run_tests.py
                      - mkdir -p build && printf "<testsuite name='calc' tests='1'><testcase classname='calc' name='add'/></testsuite>" > build/TEST-calc.xml
                    """));
            assertThat(end.status()).as(end.reason()).isEqualTo(Status.SUCCEEDED);
            Path dir = r.runs().resolve(end.runId());
            Map<String, String> artifacts = ArtifactList.of(dir);
            String p = "agent-runtime/" + end.runId() + "/";
            assertThat(artifacts).containsEntry(p + "report.json", "report.json").containsEntry(p + "report.md", "report.md")
                    .containsEntry(p + "checkpoints/1.json", "checkpoints/1.json").containsEntry(p + "checkpoints/1.bundle", "checkpoints/1.bundle")
                    .containsEntry(p + "report.html", "report.html")
                    .containsEntry(p + "junit/TEST-agent-runtime-verify.xml", "junit/TEST-agent-runtime-verify.xml")
                    .containsEntry(p + "junit/repo-build_TEST-calc.xml", "junit/repo-build_TEST-calc.xml")
                    .doesNotContainKey(p + "handoff.md");
            assertThat(artifacts.keySet()).allMatch(k -> k.startsWith(p));
            assertThat(artifacts.values()).allMatch(rel -> Files.isRegularFile(dir.resolve(rel)));
            // Nothing else of the run directory: no events, state, workspace sources or agent home.
            assertThat(artifacts.values()).noneMatch(rel -> rel.startsWith("agent-home") || rel.endsWith(".jsonl") || rel.equals("state.json")
                    || rel.startsWith("workspace/"));
            try (var checkpoints = Files.list(dir.resolve("checkpoints"))) {
                long manifests = checkpoints.filter(f -> f.toString().endsWith(".json")).count();
                assertThat(manifests).isPositive();
                assertThat(artifacts.values().stream().filter(v -> v.startsWith("checkpoints/")).count()).isEqualTo(2 * manifests);
            }
        }
    }
}
