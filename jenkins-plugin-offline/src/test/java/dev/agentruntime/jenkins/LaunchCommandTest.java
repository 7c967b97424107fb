package dev.agentruntime.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The detached launch: its command line, and what the launched process actually receives (run with a stand-in runtime). */
class LaunchCommandTest {
    @TempDir
    Path tmp;

    LaunchCommand command(List<String> runtime, String taskFile) {
        return new LaunchCommand(runtime, taskFile, "20261127-232220-464-2b17ec", tmp.resolve("runs dir").toString(),
                tmp.resolve("launch.log").toString(), "agent-task-42", Map.of(LaunchCommand.MODEL_KEY_VARIABLE, "sk-live-abcdef123456"));
    }

    @Test
    void commandLine() {
        LaunchCommand c = command(List.of("java", "-jar", "/opt/agent runtime/ar.jar"), "/ws@tmp/task.yaml");
        assertThat(c.runtimeArgs()).containsExactly("java", "-jar", "/opt/agent runtime/ar.jar", "run", "/ws@tmp/task.yaml",
                "--run-id", "20261127-232220-464-2b17ec", "--runs-dir", tmp.resolve("runs dir").toString(), "--quiet");
        List<String> argv = c.argv();
        assertThat(argv).hasSize(3).startsWith("sh", "-c");
        assertThat(argv.get(2)).contains("nohup $setsid java -jar '/opt/agent runtime/ar.jar' run /ws@tmp/task.yaml --run-id 20261127-232220-464-2b17ec")
                .contains("</dev/null >>").endsWith(" 2>&1 &");
        assertThat(c.env()).containsEntry(LaunchCommand.COOKIE_VARIABLE, "agent-task-42")
                .containsEntry(LaunchCommand.MODEL_KEY_VARIABLE, "sk-live-abcdef123456");
        // The key travels in the environment only: not in the argv (visible in ps) and not in what is logged.
        assertThat(String.join(" ", argv)).doesNotContain("sk-live");
        assertThat(c.toString()).doesNotContain("sk-live").contains(LaunchCommand.MODEL_KEY_VARIABLE);
    }

    @Test
    void theLaunchReturnsAtOnceAndTheDetachedProcessGetsExactlyItsArgumentsNoStdinAndTheCookie() throws Exception {
        Path out = tmp.resolve("seen.txt");
        // A stand-in runtime: records its arguments, its stdin, session, environment, then outlives the launcher.
        String recorder = "{ printf '%s\\n' \"$@\"; echo \"stdin=$(readlink /proc/$$/fd/0)\"; echo \"cookie=$" + LaunchCommand.COOKIE_VARIABLE
                + "\"; echo \"key=$" + LaunchCommand.MODEL_KEY_VARIABLE + "\"; echo \"sid=$(cut -d' ' -f6 /proc/$$/stat) pid=$$\"; } > "
                + ShellQuote.quote(out + ".tmp") + "; sleep 2; mv " + ShellQuote.quote(out + ".tmp") + " " + ShellQuote.quote(out.toString());
        LaunchCommand c = command(List.of("sh", "-c", recorder, "runtime"), tmp.resolve("it's a \"task\" $HOME.yaml").toString());
        ProcessBuilder pb = new ProcessBuilder(c.argv()).redirectErrorStream(true);
        pb.environment().putAll(c.env());
        long t0 = System.nanoTime();
        Process launcher = pb.start();
        assertThat(launcher.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(launcher.exitValue()).isZero();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).as("does not wait for the runtime").isLessThan(1500);
        assertThat(out).doesNotExist();

        for (int i = 0; i < 100 && !Files.exists(out); i++) Thread.sleep(100);
        List<String> seen = Files.readAllLines(out);
        assertThat(seen.subList(0, 8)).containsExactly("run", tmp.resolve("it's a \"task\" $HOME.yaml").toString(), "--run-id",
                "20261127-232220-464-2b17ec", "--runs-dir", tmp.resolve("runs dir").toString(), "--quiet", "stdin=/dev/null");
        assertThat(seen).contains("cookie=agent-task-42", "key=sk-live-abcdef123456");
        String[] ids = seen.get(seen.size() - 1).split(" ");
        assertThat(ids[0].substring(4)).as("leads its own session (setsid): the build's process-group kill cannot reach it")
                .isEqualTo(ids[1].substring(4));
    }
}
