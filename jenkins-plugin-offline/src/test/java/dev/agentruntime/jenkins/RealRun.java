package dev.agentruntime.jenkins;

import dev.agentruntime.demo.ExampleRepo;
import dev.agentruntime.model.ModelScript;
import dev.agentruntime.model.ScriptedModelServer;
import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.rundir.RunState;
import dev.agentruntime.run.RunOptions;
import dev.agentruntime.run.TaskRunner;
import dev.agentruntime.sandbox.DiskVolume;
import dev.agentruntime.task.TaskSpec;
import dev.agentruntime.task.TaskSpecs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * A real runtime run for the plugin's tests, made with the runtime's own classes (as its Scenario does): the generated
 * calculator repository with a bare remote, the scripted model over HTTP, a real sandbox. Needs Docker.
 */
final class RealRun implements AutoCloseable {
    final Path root;
    final ExampleRepo.Generated repo;
    final ScriptedModelServer model;

    RealRun(Path root, String script) {
        this.root = root;
        this.repo = ExampleRepo.calculator(root.resolve("repo"));
        this.model = ScriptedModelServer.start(ModelScript.parse(script), 0);
    }

    Path runs() {
        return root.resolve("runs");
    }

    /** The calculator task; {@code extra} YAML lines may add verify, budgets, sandbox… */
    TaskSpec task(String extra) {
        return TaskSpecs.parse(yaml(extra), "test task", root);
    }

    /** The same task as YAML, for a runtime in another process. */
    String yaml(String extra) {
        String yaml = """
                id: fix-calc
                repo: %s
                agent: builtin
                instructions: Fix the failing test in calc.py.
                model: {baseUrl: "%s", model: scripted}
                """.formatted(repo.url(), model.baseUrl()) + extra;
        if (!extra.contains("verify:")) yaml += "verify: [\"python3 run_tests.py\"]\n";
        if (!extra.contains("budgets:")) yaml += "budgets: {turns: 10, wallClock: 5m}\n";
        return yaml;
    }

    /** A live run: created now, executed on another thread (the "node"), while the test plays the controller. */
    record Live(RunDirectory dir, CompletableFuture<RunState> end) {}

    Live start(TaskSpec task) {
        TaskRunner runner = new TaskRunner(RunOptions.defaults());
        RunDirectory dir = runner.create(task, runs(), null);
        return new Live(dir, CompletableFuture.supplyAsync(() -> runner.execute(dir, task)));
    }

    RunState run(TaskSpec task) {
        return start(task).end().join();
    }

    @Override
    public void close() throws Exception {
        model.close();
        if (Files.isDirectory(runs())) {
            try (var dirs = Files.list(runs())) {
                dirs.filter(d -> Files.isRegularFile(d.resolve(RunDirectory.STATE))).forEach(d -> DiskVolume.unmountAll(new RunDirectory(d)));
            }
        }
    }
}
