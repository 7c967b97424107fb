package dev.agentruntime.cli;

import dev.agentruntime.demo.DemoScript;
import dev.agentruntime.demo.ExampleRepo;
import dev.agentruntime.model.ModelScript;
import dev.agentruntime.model.ScriptedModelServer;
import dev.agentruntime.common.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", description = "The main job on the embedded default, end to end: an example repository with a failing test, "
        + "the built-in agent driven by the scripted model, a verified fix pushed to a local bare remote, a report.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--dir", description = "Where to create the demo (default: ./agent-runtime-demo).", defaultValue = "agent-runtime-demo")
    Path dir;

    @Option(names = "--batch", paramLabel = "N", description = "Instead: a batch over N example repositories (canary 1, concurrency 2) and its report.")
    Integer batch;

    @Override
    public Integer call() throws Exception {
        if (Files.exists(dir) && Files.list(dir).findAny().isPresent()) {
            throw new BadInputException("--dir", dir.toAbsolutePath() + " is not empty; remove it or pass another --dir");
        }
        Files.createDirectories(dir);
        Path root = dir.toAbsolutePath();
        if (batch != null) return batchDemo(root);
        ExampleRepo.Generated repo = ExampleRepo.calculator(root.resolve("repo"));
        Files.writeString(root.resolve("model-script.yaml"), DemoScript.YAML);
        try (ScriptedModelServer model = ScriptedModelServer.start(ModelScript.parse(DemoScript.YAML), 0)) {
            Path task = root.resolve("task.yaml");
            Files.writeString(task, DemoScript.task(repo.url(), model.baseUrl()));
            System.out.println("demo in " + root + ": remote " + repo.remote() + ", scripted model at " + model.baseUrl());
            int rc = Main.execute("run", task.toString(), "--runs-dir", root.resolve("runs").toString());
            System.out.println();
            System.out.println("branches on the remote:");
            new ProcessBuilder("git", "--git-dir", repo.remote().toString(), "branch", "-v").inheritIO().start().waitFor();
            return rc;
        }
    }

    /** N calculator repositories, one batch file (written to the demo directory to read), one scripted model for all. */
    private int batchDemo(Path root) throws Exception {
        if (batch < 1 || batch > 50) throw new BadInputException("--batch", batch + " is not valid; use 1 to 50 repositories");
        String script = DemoScript.YAML + "byConversation: true\n"; // each run's conversation follows the script on its own
        Files.writeString(root.resolve("model-script.yaml"), script);
        try (ScriptedModelServer model = ScriptedModelServer.start(ModelScript.parse(script), 0)) {
            StringBuilder repos = new StringBuilder();
            for (int i = 1; i <= batch; i++) {
                ExampleRepo.Generated repo = ExampleRepo.calculator(root.resolve("repos").resolve("calc-" + i));
                repos.append("  - {repo: \"").append(repo.url()).append("\", name: calc-").append(i).append("}\n");
            }
            Path file = root.resolve("batch.yaml");
            Files.writeString(file, """
                    # A batch (docs/batch.md): the demo's task over %d example repositories.
                    id: fix-calc-everywhere
                    canary: 1
                    concurrency: 2
                    maxFailures: 1
                    schedule: "H 2 * * 1-5"
                    template:
                      instructions: The test suite fails. Fix the bug in calc.py so that `python3 run_tests.py` passes.
                      agent: builtin
                      model: {baseUrl: "%s", model: scripted}
                      verify: ["python3 run_tests.py"]
                      budgets: {turns: 10, wallClock: 5m}
                    repos:
                    %s""".formatted(batch, model.baseUrl(), repos));
            System.out.println("batch demo in " + root + ": " + batch + " repositories, scripted model at " + model.baseUrl());
            return Main.execute("batch", file.toString(), "--runs-dir", root.resolve("runs").toString());
        }
    }
}
