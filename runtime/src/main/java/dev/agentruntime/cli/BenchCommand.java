package dev.agentruntime.cli;

import dev.agentruntime.bench.SandboxBench;
import dev.agentruntime.bench.Stats;
import dev.agentruntime.task.TaskSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "bench", description = "Benchmarks that print numbers (see docs/performance.md).")
final class BenchCommand implements Callable<Integer> {
    @Parameters(paramLabel = "WHAT", description = "sandbox | agents | guardrails | checkpoints | batch")
    String what;

    @Option(names = "--iterations", defaultValue = "20", description = "Measured rounds (default 20).")
    int iterations;

    @Option(names = "--image", defaultValue = TaskSpec.DEFAULT_IMAGE, description = "Sandbox image.")
    String image;

    @Override
    public Integer call() throws Exception {
        if (!List.of("sandbox", "agents", "guardrails", "checkpoints", "batch").contains(what)) {
            throw new dev.agentruntime.common.BadInputException("WHAT", "\"" + what + "\" is not a benchmark; available: sandbox, agents, guardrails, checkpoints, batch");
        }
        Path scratch = Files.createTempDirectory("agent-runtime-bench");
        try {
            if (what.equals("batch")) {
                dev.agentruntime.bench.BatchBench.run(new int[] {6, 200, 2000}, scratch, System.out);
                return Main.OK;
            }
            if (what.equals("checkpoints")) {
                dev.agentruntime.bench.CheckpointBench.run(scratch, System.out);
                return Main.OK;
            }
            if (what.equals("guardrails")) {
                List<Stats> s = dev.agentruntime.bench.GuardrailsBench.run(iterations, scratch, System.out);
                s.forEach(x -> System.out.println(x.line()));
                return Main.OK;
            }
            if (what.equals("agents")) {
                List<Stats> s = dev.agentruntime.bench.AgentBench.run(iterations, scratch, System.out);
                System.out.println();
                s.forEach(x -> System.out.println(x.line()));
                return Main.OK;
            }
            List<Stats> s = SandboxBench.run(image, iterations, scratch, System.out);
            System.out.println();
            s.forEach(x -> System.out.println(x.line()));
            System.out.printf(Locale.ROOT, "ratio sandbox/bare: p50 %.2f, p95 %.2f%n",
                    s.get(1).percentile(50) / s.get(0).percentile(50), s.get(1).percentile(95) / s.get(0).percentile(95));
            System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cpus, " + System.getProperty("os.name")
                    + " " + System.getProperty("os.version"));
        } finally {
            new ProcessBuilder("rm", "-rf", scratch.toString()).start().waitFor();
        }
        return Main.OK;
    }
}
