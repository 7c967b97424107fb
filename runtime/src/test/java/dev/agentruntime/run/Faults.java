package dev.agentruntime.run;

import dev.agentruntime.sandbox.Sandbox;
import dev.agentruntime.util.Proc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Faults tests inject into a run from outside, the way an operator, the OOM killer or a crash would. */
final class Faults {
    private Faults() {}

    /** {@code docker rm -f} of the run's sandbox; false when it had none (rm -f exits 0 for a missing container). */
    static boolean removeSandbox(String runId) {
        Proc.Result r = Proc.of("docker", "rm", "-f", Sandbox.containerName(runId)).run();
        return r.ok() && r.stdout().strip().equals(Sandbox.containerName(runId));
    }

    /**
     * SIGKILL, from the host, to every process of the run's sandbox whose command line contains {@code pattern}; how
     * many. From the host because a {@code docker exec} that races a checkpoint's {@code docker pause} can hang the
     * container for good (docker 20.10); a frozen process dies as soon as it is thawed.
     */
    static int killInSandbox(String runId, String pattern) {
        Proc.Result id = Proc.of("docker", "inspect", "-f", "{{.Id}}", Sandbox.containerName(runId)).run();
        if (!id.ok()) return 0;
        String container = id.stdout().strip();
        int killed = 0;
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    if (!Files.readString(p.resolve("cgroup")).contains(container)) continue;
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline"))).replace('\0', ' ');
                    if (cmd.contains(pattern) && !cmd.startsWith("setsid")) {
                        ProcessHandle.of(Long.parseLong(p.getFileName().toString())).ifPresent(ProcessHandle::destroyForcibly);
                        killed++;
                    }
                } catch (IOException | RuntimeException gone) {
                    // The process ended meanwhile.
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return killed;
    }
}
