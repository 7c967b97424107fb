package dev.agentruntime.cli;

import dev.agentruntime.sandbox.Docker;
import dev.agentruntime.sandbox.Reaper;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "reap", description = "Remove sandbox containers whose runtime process has died.")
final class ReapCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        Docker docker = new Docker();
        docker.checkDaemon();
        var removed = new Reaper(docker).reapDead();
        removed.forEach(n -> System.out.println("removed " + n));
        System.out.println(removed.size() + " leftover sandboxes removed");
        return Main.OK;
    }
}
