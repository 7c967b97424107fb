package dev.agentruntime.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentruntime.events.EventLog;
import dev.agentruntime.git.Git;
import dev.agentruntime.git.GitException;
import dev.agentruntime.git.Workspace;
import dev.agentruntime.secrets.SecretFiles;
import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.common.AtomicFiles;
import dev.agentruntime.common.Json;
import dev.agentruntime.util.Proc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Takes checkpoints of a run at turn boundaries: the workspace (tracked and untracked non-ignored files) and the
 * agent home as git objects in the workspace repository, on the hidden ref {@code refs/agent-runtime/<runId>/<seq>},
 * through private index files — the user's index, HEAD and branch are never touched. Each checkpoint is exported as
 * a git bundle of the objects new since the previous one, plus its manifest in {@code checkpoints/}. A checkpoint
 * starts when a turn starts (the model is thinking, the workspace is quiet); {@link #awaitPending()} is the barrier
 * the agent's first action of the turn waits on. A turn that changed nothing gets no new checkpoint; a state in which
 * a changed file's name or content holds a secret gets none either ({@code checkpoint.refused}).
 */
public final class Checkpointer implements AutoCloseable {
    /** Agent-home paths that are caches or scratch, not session state. */
    private static final String[] HOME_EXCLUDES = {":!tmp", ":!.cache", ":!.npm"};
    private static final String WORKSPACE_INDEX = ".workspace.index";
    private static final String HOME_INDEX = ".agent-home.index";
    private final RunDirectory dir;
    private final EventLog log;
    private final String baseCommit;
    private final Supplier<AutoCloseable> freeze;
    private final Supplier<JsonNode> usage;
    private final Supplier<JsonNode> sandbox;
    private final Supplier<String> session;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "checkpointer");
        t.setDaemon(true);
        return t;
    });
    private volatile Future<?> pending;
    private volatile Supplier<Optional<String>> overBudget = Optional::empty;
    private Checkpoint last;

    /** @param freeze stops every process that could change the workspace or home until the handle is closed */
    public Checkpointer(RunDirectory dir, EventLog log, String baseCommit, Supplier<AutoCloseable> freeze, Supplier<JsonNode> usage,
                        Supplier<JsonNode> sandbox, Supplier<String> session) {
        this.dir = dir;
        this.freeze = freeze;
        this.log = log;
        this.baseCommit = baseCommit;
        this.usage = usage;
        this.sandbox = sandbox;
        this.session = session;
        this.last = Checkpoints.latest(dir).orElse(null);
    }

    /** No checkpoint is taken while {@code full} names a reason (the run directory's size budget is used up). */
    public void skipWhen(Supplier<Optional<String>> full) {
        this.overBudget = full;
    }

    /**
     * Starts a checkpoint of the state before {@code turn} in the background. Never blocks: it is called from an
     * event listener, under the event log's lock, and checkpoints run one after another on their own thread.
     */
    public void begin(int turn) {
        pending = worker.submit(() -> takeQuietly(turn));
    }

    /** Waits for a checkpoint in progress (the agent must not change the workspace under it). */
    public void awaitPending() {
        Future<?> f = pending;
        if (f == null) return;
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            // takeQuietly records its own failures.
        }
    }

    /** Takes a checkpoint now (end of the agent phase); null when nothing changed since the last one. */
    public Checkpoint takeNow(int turn) {
        try {
            return worker.submit(() -> takeQuietly(turn)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            return null;
        }
    }

    private Checkpoint takeQuietly(int turn) {
        try (AutoCloseable frozen = freeze.get()) {
            return take(turn);
        } catch (Exception e) {
            log.append("checkpoint.failed", "runtime", Json.object().put("beforeTurn", turn).put("error", String.valueOf(e.getMessage())));
            return null;
        }
    }

    private Checkpoint take(int turn) {
        long t0 = System.nanoTime();
        Path ws = dir.workspace();
        // Host git never runs over agent-made repositories: their config is agent-written (a clean filter runs
        // commands). Such a workspace gets no checkpoint (its commit is blocked too); recovery uses an earlier one.
        List<String> nested = NestedRepos.in(ws, List.of(".git"));
        if (!nested.isEmpty()) {
            log.append("checkpoint.skipped", "runtime", Json.object().put("beforeTurn", turn)
                    .put("reason", "nested git metadata at " + String.join(", ", nested)));
            return null;
        }
        Optional<String> full = overBudget.get();
        if (full.isPresent()) {
            log.append("checkpoint.skipped", "runtime", Json.object().put("beforeTurn", turn).put("reason", full.get()));
            return null;
        }
        mkdirs(dir.checkpoints());
        Git git = new Git(ws, Map.of("GIT_INDEX_FILE", dir.checkpoints().resolve(WORKSPACE_INDEX).toString()));
        Git home = Files.isDirectory(dir.agentHome()) ? homeGit() : null;
        String[] homeSpec = home == null ? null : homePathspec();
        seed(git, WORKSPACE_INDEX, last != null ? last.workspaceTree() : "HEAD");
        if (home != null && last != null) seed(home, HOME_INDEX, last.commit() + ":agent-home");
        // A checkpoint never holds a secret: looked for before git stores anything as an object.
        List<String> revealing = new ArrayList<>();
        if (!log.masker().isEmpty()) {
            SecretFiles.revealing(log.masker(), ws, Workspace.changedPaths(git, false, ".")).forEach(f -> revealing.add("workspace/" + f));
            if (home != null) {
                SecretFiles.revealing(log.masker(), dir.agentHome(), Workspace.changedPaths(home, true, homeSpec))
                        .forEach(f -> revealing.add("agent-home/" + f));
            }
        }
        if (!revealing.isEmpty()) {
            ObjectNode d = Json.object().put("beforeTurn", turn).put("reason", "the workspace or the agent home holds a secret's value; "
                    + "recovery goes back to the last checkpoint without it");
            revealing.stream().limit(20).forEach(d.putArray("paths")::add);
            log.append("checkpoint.refused", "runtime", d);
            return null;
        }
        git.must("checkpoint: add workspace", "add", "-A", "--", ".");
        String wsTree = git.must("checkpoint: write workspace tree", "write-tree");
        String homeTree = home == null ? emptyTree() : homeTree(home, homeSpec);
        if (last != null && wsTree.equals(last.workspaceTree()) && homeTree.equals(treeOf(last.commit() + ":agent-home"))) {
            return null; // nothing changed since the last checkpoint
        }
        String both = mktree(wsTree, homeTree);
        int seq = last == null ? 1 : last.seq() + 1;
        String parent = last != null ? last.commit() : baseCommit;
        String commit = commitTree(both, parent, "checkpoint " + seq + " before turn " + turn);
        String ref = "refs/agent-runtime/" + dir.runId() + "/" + seq;
        new Git(ws).must("checkpoint: update ref", "update-ref", ref, commit);
        String bundle = exportBundle(seq, ref, parent);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        Checkpoint c = new Checkpoint(Checkpoint.PROTOCOL, dir.runId(), seq, turn, ref, commit, wsTree, baseCommit, log.lastSeq(),
                usage.get(), sandbox.get(), session.get(), bundle, millis, Instant.now());
        AtomicFiles.write(dir.checkpoints().resolve(seq + ".json"), Json.pretty(c) + "\n");
        last = c;
        log.append("checkpoint.created", "runtime", Json.object().put("seq", seq).put("beforeTurn", turn).put("commit", commit)
                .put("ref", ref).put("bundle", bundle).put("millis", millis).put("bundleBytes", size(dir.root().resolve(bundle))));
        return c;
    }

    /**
     * A missing private index starts as {@code tree} (the last checkpoint's, or HEAD's) with fresh stat data, so only
     * what changed since is listed, checked and hashed.
     */
    private void seed(Git git, String index, String tree) {
        if (Files.exists(dir.checkpoints().resolve(index))) return;
        git.must("checkpoint: seed " + index, "read-tree", tree);
        git.run("update-index", "-q", "--refresh"); // exit 1 only says that files differ
    }

    /** The agent home seen by git: the workspace repository's objects, the home as work tree, a private index. */
    private Git homeGit() {
        Path home = dir.agentHome();
        return new Git(home, Map.of("GIT_DIR", dir.workspace().resolve(".git").toString(), "GIT_WORK_TREE", home.toString(),
                "GIT_INDEX_FILE", dir.checkpoints().resolve(HOME_INDEX).toString()));
    }

    /**
     * What of the agent home is kept: everything but caches and scratch, and but repositories an agent keeps there
     * (OpenCode's snapshots), which host git never enters. Ignore rules do not apply.
     */
    private String[] homePathspec() {
        List<String> spec = new ArrayList<>(List.of("."));
        spec.addAll(List.of(HOME_EXCLUDES));
        for (String repo : NestedRepos.in(dir.agentHome(), List.of("tmp", ".cache", ".npm"))) spec.add(":(exclude)" + parentOf(repo));
        return spec.toArray(String[]::new);
    }

    /** The agent home as a tree. */
    private String homeTree(Git g, String[] pathspec) {
        List<String> args = new ArrayList<>(List.of("add", "-A", "-f"));
        args.addAll(List.of(pathspec));
        Proc.Result r = g.run(args.toArray(String[]::new));
        if (!r.ok() && !r.stderr().contains("did not match any files")) throw new GitException("checkpoint: add agent home: " + r.diagnostic());
        return g.must("checkpoint: write agent-home tree", "write-tree");
    }

    private static String parentOf(String gitDir) {
        int slash = gitDir.lastIndexOf('/');
        return slash < 0 ? "." : gitDir.substring(0, slash);
    }

    private String mktree(String wsTree, String homeTree) {
        String input = "040000 tree " + wsTree + "\tworkspace\n040000 tree " + homeTree + "\tagent-home\n";
        Proc.Result r = Proc.of("git", "-C", dir.workspace().toString(), "-c", "safe.directory=" + dir.workspace(), "mktree")
                .stdin(input.getBytes(StandardCharsets.UTF_8)).run();
        if (!r.ok()) throw new GitException("checkpoint: mktree: " + r.diagnostic());
        return r.stdout().strip();
    }

    private String commitTree(String tree, String parent, String message) {
        Git g = new Git(dir.workspace(), Map.of("GIT_AUTHOR_NAME", "agent-runtime", "GIT_AUTHOR_EMAIL", "agent-runtime@localhost",
                "GIT_COMMITTER_NAME", "agent-runtime", "GIT_COMMITTER_EMAIL", "agent-runtime@localhost"));
        return g.must("checkpoint: commit", "commit-tree", tree, "-p", parent, "-m", message);
    }

    /**
     * {@code checkpoints/<seq>.bundle}: the checkpoint ref with only the objects new since {@code previous} (the
     * previous checkpoint, or the base commit): bundles are imported in order, each needing the one before.
     */
    private String exportBundle(int seq, String ref, String previous) {
        Path tmp = dir.checkpoints().resolve("." + seq + ".bundle.tmp");
        new Git(dir.workspace()).must("checkpoint: bundle", "bundle", "create", tmp.toString(), ref, "^" + previous);
        try {
            Files.move(tmp, dir.checkpoints().resolve(seq + ".bundle"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "checkpoints/" + seq + ".bundle";
    }

    private String treeOf(String rev) {
        Proc.Result r = new Git(dir.workspace()).run("rev-parse", rev);
        return r.ok() ? r.stdout().strip() : "";
    }

    private String emptyTree() {
        return new Git(dir.workspace()).must("checkpoint: empty tree", "hash-object", "-t", "tree", "/dev/null");
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    private static void mkdirs(Path p) {
        try {
            Files.createDirectories(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        awaitPending();
        worker.shutdown();
    }
}
