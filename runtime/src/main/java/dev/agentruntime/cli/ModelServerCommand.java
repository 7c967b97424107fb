package dev.agentruntime.cli;

import dev.agentruntime.model.ModelScript;
import dev.agentruntime.model.ScriptedModelServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "model-server", description = "Serve a scripted model session on 127.0.0.1 until interrupted (tests, demos).")
final class ModelServerCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SCRIPT", description = "Model script (YAML), see docs/scripted-model.md.")
    Path script;

    @Option(names = "--port", description = "Port (default: any free port).", defaultValue = "0")
    int port;

    @Option(names = "--profile", defaultValue = "GOOD",
            description = "GOOD, or a broken endpoint to test against: ${COMPLETION-CANDIDATES}.")
    dev.agentruntime.model.Profile profile;

    @Override
    public Integer call() throws InterruptedException {
        ScriptedModelServer server = ScriptedModelServer.start(ModelScript.load(script), port, profile);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("scripted model serving " + script + " at " + server.baseUrl());
        System.out.flush();
        new CountDownLatch(1).await();
        return Main.OK;
    }
}
