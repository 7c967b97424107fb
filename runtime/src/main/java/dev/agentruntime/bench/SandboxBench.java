package dev.agentruntime.bench;

import dev.agentruntime.demo.ExampleRepo;
import dev.agentruntime.git.Workspace;
import dev.agentruntime.rundir.RunId;
import dev.agentruntime.sandbox.Docker;
import dev.agentruntime.sandbox.Sandbox;
import dev.agentruntime.sandbox.SandboxConfig;
import dev.agentruntime.task.SandboxLimits;
import dev.agentruntime.util.Proc;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code agent-runtime bench sandbox}: how much our sandbox costs over a bare container, and how long cloning
 * and branching a 1,000-file repository takes. Prints numbers; asserts nothing.
 */
public final class SandboxBench {
    private SandboxBench() {}

    public static List<Stats> run(String image, int iterations, Path scratch, PrintStream out) throws IOException {
        Docker docker = new Docker();
        docker.checkDaemon();
        if (!docker.imageExists(image)) throw new IllegalStateException("image " + image + " not found; run sandbox/build-image.sh");
        List<Double> bare = new ArrayList<>();
        List<Double> ours = new ArrayList<>();
        List<Double> clone = new ArrayList<>();
        ExampleRepo.Generated repo = ExampleRepo.manyFiles(scratch.resolve("repo"), 1000);
        SandboxLimits l = SandboxLimits.DEFAULTS;
        // One unmeasured round of each warms the page cache and docker's image metadata.
        for (int i = -1; i < iterations; i++) {
            long t0 = System.nanoTime();
            Proc.Result r = docker.run("run", "--rm", image, "true");
            if (!r.ok()) throw new IllegalStateException("docker run failed: " + r.diagnostic());
            double bareMs = ms(t0);

            Path runDir = Files.createDirectories(scratch.resolve("run" + i));
            long t1 = System.nanoTime();
            Workspace ws = Workspace.cloneRepo(repo.url(), runDir.resolve("workspace"), null);
            ws.createBranch("agent/bench-" + (i + 1));
            double cloneMs = ms(t1);

            long t2 = System.nanoTime();
            Sandbox sb = Sandbox.create(docker, new SandboxConfig(RunId.next(), image, runDir.resolve("workspace"),
                    runDir.resolve("agent-home"), l.memory(), l.cpus(), l.pids(), l.readOnlyRoot(), Map.of(), null));
            double oursMs = ms(t2);
            sb.close();
            if (i >= 0) {
                bare.add(bareMs);
                clone.add(cloneMs);
                ours.add(oursMs);
                out.printf("iteration %d: bare %.0f ms, sandbox %.0f ms, clone+branch %.0f ms%n", i + 1, bareMs, oursMs, cloneMs);
            }
        }
        return List.of(new Stats("docker run --rm IMAGE true", bare), new Stats("sandbox create-to-ready", ours),
                new Stats("clone + branch (1,000 files)", clone));
    }

    private static double ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }
}
