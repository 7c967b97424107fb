package dev.agentruntime.cli;

import dev.agentruntime.sandbox.Docker;
import dev.agentruntime.sandbox.Reaper;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "reap", description = "Remove the sandbox containers of runs in the runs directory whose runtime is gone "
        + "(--all: of every dead runtime on this host, whatever its runs directory).")
final class ReapCommand implements Callable<Integer> {
    @Mixin
    RunsDirOption runsDir;

    @Option(names = "--all", description = "Every sandbox on this host whose owner process is dead, not only this runs directory's.")
    boolean all;

    @Override
    public Integer call() {
        Docker docker = new Docker();
        docker.checkDaemon();
        Reaper reaper = new Reaper(docker);
        var removed = all ? reaper.reapDeadOnThisHost() : reaper.reapDeadIn(runsDir.runs());
        removed.forEach(n -> System.out.println("removed " + n));
        System.out.println(removed.size() + " leftover sandboxes removed" + (all ? " on this host" : " of runs in " + runsDir.runs().root()));
        return Main.OK;
    }
}
