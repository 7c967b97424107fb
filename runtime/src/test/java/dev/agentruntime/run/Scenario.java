package dev.agentruntime.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentruntime.demo.ExampleRepo;
import dev.agentruntime.events.Event;
import dev.agentruntime.events.EventReader;
import dev.agentruntime.git.Git;
import dev.agentruntime.model.ModelScript;
import dev.agentruntime.model.ScriptedModelServer;
import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.rundir.RunState;
import dev.agentruntime.task.TaskSpec;
import dev.agentruntime.task.TaskSpecs;
import dev.agentruntime.common.Json;
import dev.agentruntime.util.Proc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** A generated calculator repo with a bare remote, a scripted model, and a runs directory — one per test. */
final class Scenario implements AutoCloseable {
    final Path root;
    final ExampleRepo.Generated repo;
    final ScriptedModelServer model;

    /** What a finished run left behind. */
    record Outcome(RunDirectory dir, RunState state, List<Event> events, JsonNode report) {
        List<String> types() {
            return events.stream().map(Event::type).toList();
        }

        /** The run's workspace, mounted again from workspace.img (unmounted by {@link Scenario#close}). */
        Path workspace() {
            dev.agentruntime.sandbox.DiskVolume.remount(dir);
            return dir.workspace();
        }

        /** The run's agent home, mounted again like {@link #workspace()}. */
        Path agentHome() {
            dev.agentruntime.sandbox.DiskVolume.remount(dir);
            return dir.agentHome();
        }
    }

    Scenario(Path root, String script) {
        this.root = root;
        this.repo = ExampleRepo.calculator(root.resolve("repo"));
        this.model = ScriptedModelServer.start(ModelScript.parse(script), 0);
    }

    Path runs() {
        return root.resolve("runs");
    }

    /** The calculator task; {@code extra} lines (YAML) are appended, so they must not repeat the defaults below. */
    TaskSpec task(String extra) {
        return task("builtin", "scripted", extra);
    }

    /** The calculator task for {@code agent} asking for {@code modelName}. */
    TaskSpec task(String agent, String modelName, String extra) {
        return TaskSpecs.parse(yaml(agent, modelName, extra), "test task", root);
    }

    /** A task file for a runtime in another process. */
    Path writeTask(String yaml) {
        try {
            Path f = root.resolve("task-" + System.nanoTime() + ".yaml");
            java.nio.file.Files.writeString(f, yaml);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The calculator task as YAML. */
    String yaml(String agent, String modelName, String extra) {
        String yaml = """
                id: fix-calc
                repo: %s
                agent: %s
                instructions: Fix the failing test in calc.py.
                model: {baseUrl: "%s", model: %s%s}
                """.formatted(repo.url(), agent, model.baseUrl(), modelName, extra.contains("apiKeyEnv") ? ", apiKeyEnv: TEST_MODEL_KEY" : "");
        String rest = extra.lines().filter(l -> !l.contains("apiKeyEnv")).reduce("", (a, b) -> a + b + "\n");
        if (!rest.contains("verify:")) rest += "verify: [\"python3 run_tests.py\"]\n";
        if (!rest.contains("budgets:")) rest += "budgets: {turns: 10, wallClock: 5m}\n";
        return yaml + rest;
    }

    Outcome run(TaskSpec task) {
        return run(task, RunOptions.defaults());
    }

    Outcome run(TaskSpec task, RunOptions options) {
        TaskRunner runner = new TaskRunner(options);
        RunDirectory dir = runner.create(task, runs(), null);
        RunState end = runner.execute(dir, task);
        return outcome(dir, end);
    }

    static Outcome outcome(RunDirectory dir, RunState end) {
        try {
            return new Outcome(dir, end, EventReader.readAll(dir.events()), Json.MAPPER.readTree(dir.reportJson().toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every regular file a run left, with its size-limited volumes mounted so their files are read one by one (the
     * sparse *.img files themselves are skipped).
     */
    static List<Path> filesOf(RunDirectory dir) {
        dev.agentruntime.sandbox.DiskVolume.remount(dir);
        try (var files = java.nio.file.Files.walk(dir.root())) {
            return files.filter(java.nio.file.Files::isRegularFile).filter(f -> !f.toString().endsWith(".img")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Output of git in the bare remote. */
    String remoteGit(String... args) {
        Proc.Result r = new Git(repo.remote()).run(args);
        return r.ok() ? r.stdout() : "ERROR " + r.diagnostic();
    }

    static List<String> containersOf(String runId) {
        Proc.Result r = Proc.of("docker", "ps", "-a", "-q", "--filter", "label=agent-runtime.run=" + runId).run();
        if (!r.ok()) throw new AssertionError("docker ps failed: " + r.diagnostic());
        return r.stdout().lines().filter(l -> !l.isBlank()).toList();
    }

    @Override
    public void close() {
        model.close();
        // Nothing may stay mounted under the test's temporary directory.
        if (java.nio.file.Files.isDirectory(runs())) {
            try (var runDirs = java.nio.file.Files.list(runs())) {
                runDirs.forEach(r -> dev.agentruntime.sandbox.DiskVolume.unmountAll(new RunDirectory(r)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
