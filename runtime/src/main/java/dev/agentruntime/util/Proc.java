package dev.agentruntime.util;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a host command with a timeout and bounded output capture. Used for docker and git. */
public final class Proc {
    /** Outcome of one command. {@code exitCode} is -1 when it timed out and was killed. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr, long millis, boolean timedOut,
                         boolean truncated) {
        public boolean ok() {
            return exitCode == 0 && !timedOut;
        }

        /** stderr, or stdout when stderr is empty: what a person needs to see on failure. */
        public String diagnostic() {
            String s = stderr.isBlank() ? stdout : stderr;
            return s.strip();
        }
    }

    private final List<String> command = new ArrayList<>();
    private Path dir;
    private final Map<String, String> env = new java.util.HashMap<>();
    private byte[] stdin;
    private Duration timeout = Duration.ofMinutes(10);
    private int cap = 1 << 20;
    private boolean mergeStderr;

    public static Proc of(List<String> command) {
        Proc p = new Proc();
        p.command.addAll(command);
        return p;
    }

    public static Proc of(String... command) {
        return of(List.of(command));
    }

    public Proc dir(Path d) {
        this.dir = d;
        return this;
    }

    public Proc env(String k, String v) {
        env.put(k, v);
        return this;
    }

    public Proc env(Map<String, String> vars) {
        env.putAll(vars);
        return this;
    }

    public Proc stdin(byte[] input) {
        this.stdin = input;
        return this;
    }

    public Proc timeout(Duration t) {
        this.timeout = t;
        return this;
    }

    /** Interleave stderr into stdout, as a terminal would show them. */
    public Proc mergeStderr() {
        this.mergeStderr = true;
        return this;
    }

    public Proc cap(int bytes) {
        this.cap = bytes;
        return this;
    }

    /** Runs to completion; throws only when the program cannot be started at all. */
    public Result run() {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (dir != null) pb.directory(dir.toFile());
        // The git credentials reach only the git commands given them explicitly (dev.agentruntime.git.GitCredentials).
        dev.agentruntime.git.GitCredentials.VARIABLES.forEach(pb.environment()::remove);
        pb.environment().putAll(env);
        pb.redirectErrorStream(mergeStderr);
        if (stdin == null) pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        long start = System.nanoTime();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
        CappedOutput out = new CappedOutput(cap);
        CappedOutput err = new CappedOutput(Math.min(cap, 256 * 1024));
        Thread to = pump(p.getInputStream(), out);
        Thread te = pump(p.getErrorStream(), err);
        if (stdin != null) {
            // On its own thread: a program that never reads must not stall us past the timeout.
            Thread feeder = new Thread(() -> {
                try (OutputStream os = p.getOutputStream()) {
                    os.write(stdin);
                } catch (IOException ignored) {
                    // The program exited without reading all input; its exit code tells the story.
                }
            }, "proc-input");
            feeder.setDaemon(true);
            feeder.start();
        }
        boolean finished;
        try {
            finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
            to.join(5000);
            te.join(5000);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        return new Result(List.copyOf(command), finished ? p.exitValue() : -1, out.toString(), err.toString(), ms,
                !finished, out.truncated() || err.truncated());
    }

    static Thread pump(InputStream in, CappedOutput sink) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buf)) > 0) sink.write(buf, 0, n);
            } catch (IOException ignored) {
                // The stream closes when the process dies; what was read is kept.
            }
        }, "proc-output");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
