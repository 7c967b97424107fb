package dev.agentruntime.cli;

import dev.agentruntime.demo.DemoScript;
import dev.agentruntime.demo.ExampleRepo;
import dev.agentruntime.model.ModelScript;
import dev.agentruntime.model.ScriptedModelServer;
import dev.agentruntime.util.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", description = {"The main job on the embedded default, end to end: an example repository with a failing test,",
        "the built-in agent driven by the scripted model, a verified fix pushed to a local bare remote, a report."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--dir", description = "Where to create the demo (default: ./agent-runtime-demo).", defaultValue = "agent-runtime-demo")
    Path dir;

    @Override
    public Integer call() throws Exception {
        if (Files.exists(dir) && Files.list(dir).findAny().isPresent()) {
            throw new BadInputException("--dir", dir.toAbsolutePath() + " is not empty; remove it or pass another --dir");
        }
        Files.createDirectories(dir);
        Path root = dir.toAbsolutePath();
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
}
