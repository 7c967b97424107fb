package dev.agentruntime.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruntime.demo.DemoScript;
import dev.agentruntime.events.Event;
import dev.agentruntime.events.EventReader;
import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.rundir.Status;
import dev.agentruntime.task.TaskSpec;
import dev.agentruntime.common.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Another process (as the Jenkins plugin will be) tails a live run with `logs --follow` and sees every event once, in order. */
@Tag("docker")
class CrossProcessTailTest {
    @TempDir
    Path tmp;

    @Test
    void followerInAnotherProcessSeesEveryEventOnceInOrder() throws Exception {
        try (Scenario s = new Scenario(tmp, DemoScript.YAML)) {
            TaskSpec task = s.task("");
            TaskRunner runner = new TaskRunner(RunOptions.defaults());
            RunDirectory dir = runner.create(task, s.runs(), null);
            Path out = tmp.resolve("follower.jsonl");
            Process follower = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "dev.agentruntime.cli.Main",
                    "logs", dir.root().toString(), "--follow", "--json")
                    .redirectOutput(out.toFile()).redirectErrorStream(false).start();
            // Start the run only once the follower has printed run.created: it is tailing before the run writes more.
            for (int i = 0; i < 300 && (!Files.exists(out) || Files.size(out) == 0); i++) Thread.sleep(100);
            assertThat(Files.size(out)).as("follower printed run.created").isPositive();
            assertThat(runner.execute(dir, task).status()).isEqualTo(Status.SUCCEEDED);
            assertThat(follower.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(follower.exitValue()).isZero();
            List<Event> seen = Files.readAllLines(out).stream().map(l -> {
                try {
                    return Json.MAPPER.readValue(l, Event.class);
                } catch (Exception e) {
                    throw new AssertionError("follower printed a broken line: " + l, e);
                }
            }).toList();
            List<Event> written = EventReader.readAll(dir.events());
            assertThat(seen).extracting(Event::seq).containsExactlyElementsOf(written.stream().map(Event::seq).toList());
            assertThat(seen.get(seen.size() - 1).type()).isEqualTo("run.finished");
        }
    }
}
