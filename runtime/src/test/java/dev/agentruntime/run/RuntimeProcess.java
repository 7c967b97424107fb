package dev.agentruntime.run;

import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.rundir.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** {@code agent-runtime run} as its own JVM, so a test can kill -9 it like a crashing runtime. */
final class RuntimeProcess {
    final Process process;
    final RunDirectory dir;

    private RuntimeProcess(Process process, RunDirectory dir) {
        this.process = process;
        this.dir = dir;
    }

    static RuntimeProcess start(Path taskFile, Path runsDir, String runId) {
        return start(taskFile, runsDir, runId, java.util.Map.of());
    }

    /** With {@code env} added to the runtime's environment. */
    static RuntimeProcess start(Path taskFile, Path runsDir, String runId, java.util.Map<String, String> env) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.agentruntime.cli.Main", "run", taskFile.toString(),
                "--runs-dir", runsDir.toString(), "--run-id", runId, "--quiet"));
        try {
            Path log = Files.createTempFile("runtime-", ".log");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            return new RuntimeProcess(p, new RunDirectory(runsDir.resolve(runId)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the run's state matches (or the process ends, or a minute passes). */
    boolean awaitState(Predicate<dev.agentruntime.rundir.RunState> p) throws InterruptedException {
        Instant until = Instant.now().plus(Duration.ofMinutes(1));
        while (Instant.now().isBefore(until)) {
            if (Files.exists(dir.state()) && p.test(dir.readState())) return true;
            if (!process.isAlive()) return false;
            Thread.sleep(20);
        }
        return false;
    }

    boolean awaitStatus(Status s) throws InterruptedException {
        return awaitState(st -> st.status() == s);
    }

    /** SIGKILL: no shutdown hook, no clean-up, exactly like a crash. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }
}
