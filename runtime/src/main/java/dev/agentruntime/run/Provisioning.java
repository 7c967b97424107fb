package dev.agentruntime.run;

import dev.agentruntime.checkpoint.Checkpoints;
import dev.agentruntime.common.Json;
import dev.agentruntime.git.Workspace;
import dev.agentruntime.rundir.RunState;
import dev.agentruntime.sandbox.DiskVolume;
import dev.agentruntime.sandbox.Reaper;
import dev.agentruntime.task.BranchNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Provisioning: leftovers reaped, volumes mounted, the clone and its branch, sockets, the agent's sandbox with setup run. */
final class Provisioning {
    /** In a new run directory: the handed-off run it continues (its state.json), see {@link TaskRunner#continueFrom}. */
    static final String CONTINUE_FROM = "continue-from.json";

    private final RunContext run;
    private final RunSandbox sandbox;
    private final RunCheckpoints checkpoints;

    Provisioning(RunContext run, RunSandbox sandbox, RunCheckpoints checkpoints) {
        this.run = run;
        this.sandbox = sandbox;
        this.checkpoints = checkpoints;
    }

    void provision() {
        var dir = run.dir;
        var task = run.task;
        var log = run.log;
        String version = run.docker.checkDaemon();
        for (String name : new Reaper(run.docker).reapDeadIn(new dev.agentruntime.rundir.Runs(dir.root().getParent()))) {
            log.append("sandbox.reaped", "runtime", Json.object().put("container", name));
        }
        run.checkCancelled();
        mountVolumes();
        Workspace ws = Workspace.cloneRepo(task.repo(), dir.workspace(), task.baseBranch(), run.secrets.git());
        run.ws = ws;
        String base = task.baseBranch() != null ? task.baseBranch() : ws.currentBranch();
        run.baseCommit = ws.head();
        log.append("repo.cloned", "git", Json.object().put("repo", task.repo()).put("baseBranch", base).put("commit", run.baseCommit));
        String wanted = BranchNames.render(task.branch(), task.id(), dir.runId());
        String branch;
        Optional<RunState> previous = continuedRun();
        if (previous.isPresent()) {
            branch = previous.get().branch();
            ws.checkoutRemoteBranch(branch); // the work of the handed-off run, on the same branch
            log.append("branch.continued", "git", Json.object().put("branch", branch).put("from", previous.get().runId())
                    .put("commit", ws.head()));
        } else {
            // Reserved in the runs directory: runs of this task started at once each get their own name.
            branch = new BranchReservations(dir.root().getParent()).reserve(task.repo(), dir.runId(), held -> ws.createBranch(wanted, held));
        }
        run.save(s -> s.withBranches(base, branch));
        run.startCommit = ws.head();
        log.append("branch.created", "git", Json.object().put("branch", branch).put("requested", wanted));
        run.checkCancelled();
        sandbox.openSockets();
        // A sandbox lost while setup ran starts over from the clone as it was (setup may have half-run).
        sandbox.withRestarts("provisioning", () -> Checkpoints.restoreWorkspace(dir, checkpoints.last()), () -> sandbox.open("agent", version));
    }

    /** Removes what a provisioning that died left (clone, agent home, their volumes) so it can start over. */
    void discard() {
        var dir = run.dir;
        DiskVolume.unmountAll(dir);
        RunContext.deleteTree(dir.workspace());
        RunContext.deleteTree(dir.agentHome());
        try {
            Files.deleteIfExists(dir.workspaceImage());
            Files.deleteIfExists(dir.agentHomeImage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The handed-off run this one continues ({@code continue-from.json}), if any. */
    private Optional<RunState> continuedRun() {
        Path f = run.dir.root().resolve(CONTINUE_FROM);
        if (!Files.exists(f)) return Optional.empty();
        try {
            return Optional.of(Json.MAPPER.readValue(f.toFile(), RunState.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The workspace and the agent home on size-limited filesystems (sandbox.disk), where the host allows it. */
    private void mountVolumes() {
        var dir = run.dir;
        var log = run.log;
        long bytes = run.task.sandbox().diskBytes();
        if (bytes == 0) return;
        if (!DiskVolume.supported()) {
            log.append("sandbox.disk.unlimited", "runtime", Json.object().put("reason",
                    "loop mounts need the runtime to run as root; the workspace size is not limited"));
            return;
        }
        long home = Math.max(bytes / 4, 256L << 20);
        DiskVolume.mount(dir.workspaceImage(), dir.workspace(), bytes);
        DiskVolume.mount(dir.agentHomeImage(), dir.agentHome(), home);
        log.append("sandbox.disk.mounted", "runtime", Json.object().put("workspaceBytes", bytes).put("agentHomeBytes", home));
    }
}
