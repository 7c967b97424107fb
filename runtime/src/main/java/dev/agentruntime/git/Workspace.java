package dev.agentruntime.git;

import dev.agentruntime.task.BranchNames;
import dev.agentruntime.util.Proc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The task repository's clone on the host: clone, branch, commit with trailers, push. */
public final class Workspace {
    /** One commit on the work branch. */
    public record Commit(String sha, String subject) {}

    /** Size of the change against the base. */
    public record DiffStat(int files, int insertions, int deletions, String text) {}

    private final Git git;
    /** The same repository for the commands that reach origin: with the credentials. */
    private final Git remote;
    private final GitCredentials credentials;

    private Workspace(Path dir, GitCredentials credentials) {
        this.git = new Git(dir, identity());
        this.remote = new Git(dir, identity(), credentials);
        this.credentials = credentials;
    }

    public static Workspace open(Path dir) {
        return open(dir, GitCredentials.none());
    }

    /** A clone whose fetches and pushes use {@code credentials}. */
    public static Workspace open(Path dir, GitCredentials credentials) {
        return new Workspace(dir, credentials);
    }

    /** Clones {@code repo} into {@code dest} (which must not exist) and checks out {@code baseBranch} or the default. */
    public static Workspace cloneRepo(String repo, Path dest, String baseBranch) {
        return cloneRepo(repo, dest, baseBranch, GitCredentials.none());
    }

    /** {@link #cloneRepo(String, Path, String)} with {@code credentials}, which later fetches and pushes use too. */
    public static Workspace cloneRepo(String repo, Path dest, String baseBranch, GitCredentials credentials) {
        try {
            Files.createDirectories(dest.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Git parent = new Git(dest.getParent(), identity(), credentials);
        Proc.Result r = baseBranch == null
                ? parent.run("clone", "--no-tags", "--", repo, dest.toString())
                : parent.run("clone", "--no-tags", "--branch", baseBranch, "--", repo, dest.toString());
        if (!r.ok()) {
            String why = r.diagnostic();
            if (baseBranch != null && why.contains("Remote branch " + baseBranch + " not found")) {
                throw new GitException("baseBranch \"" + baseBranch + "\" does not exist in " + repo);
            }
            throw new GitException("cannot clone " + repo + ": " + credentials.explain(why));
        }
        return open(dest, credentials);
    }

    public Path dir() {
        return git.dir();
    }

    public String currentBranch() {
        return git.must("reading the current branch", "symbolic-ref", "--short", "HEAD");
    }

    public String head() {
        return git.must("reading HEAD", "rev-parse", "HEAD");
    }

    public boolean remoteHasBranch(String branch) {
        Proc.Result r = remote.run("ls-remote", "--exit-code", "--heads", "origin", "refs/heads/" + branch);
        if (r.exitCode() == 2) return false;
        if (!r.ok()) throw new GitException("cannot list branches of origin: " + credentials.explain(r.diagnostic()));
        return true;
    }

    /**
     * Creates the work branch from the template-rendered {@code wanted} name (checked with git when the task was
     * read), suffixed -2, -3, … while the remote already has it. Returns the name used.
     */
    public String createBranch(String wanted) {
        return createBranch(wanted, name -> false);
    }

    /** {@link #createBranch(String)}, also skipping names {@code reserved} says another run holds. */
    public String createBranch(String wanted, java.util.function.Predicate<String> reserved) {
        String name = BranchNames.firstFree(wanted, n -> reserved.test(n) || remoteHasBranch(n));
        git.must("checking the ref name " + name, "check-ref-format", "--branch", name);
        git.must("creating branch " + name, "checkout", "-q", "-b", name);
        return name;
    }

    /**
     * Git metadata below the top level ({@code .git} directories or files of nested repositories or submodules),
     * found without running git. Host git must not run while any exists: their config and attributes are the
     * agent's, and some git commands descend into them (e.g. {@code add} checking whether a submodule is dirty runs
     * the nested repository's filters).
     */
    public List<String> nestedGitMetadata() {
        Path root = git.dir();
        try (var s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().equals(".git") && !p.getParent().equals(root))
                    .filter(p -> !p.startsWith(root.resolve(".git")))
                    .map(p -> root.relativize(p).toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the working tree differs from HEAD (tracked or untracked, ignoring .gitignore'd files). */
    public boolean hasChanges() {
        return !git.must("reading workspace status", "status", "--porcelain", "--ignore-submodules=all").isEmpty();
    }

    /**
     * Paths whose content differs from the index (changed, deleted or new; ignored files left out), found without
     * writing any object: what {@link #stage()} would store, to be checked first.
     */
    public List<String> changedPaths() {
        return changedPaths(git, false);
    }

    /**
     * {@link #changedPaths()} of the work tree {@code git} sees through its index; {@code ignoredToo} lists ignored
     * files as well (for {@code add -f}); {@code pathspec} narrows it.
     */
    public static List<String> changedPaths(Git git, boolean ignoredToo, String... pathspec) {
        List<String> args = new java.util.ArrayList<>(List.of("ls-files", "-z", "-m", "-o"));
        if (!ignoredToo) args.add("--exclude-standard");
        args.add("--");
        args.addAll(List.of(pathspec));
        String out = git.must("listing changed files", args.toArray(String[]::new));
        return java.util.Arrays.stream(out.split("\0")).filter(p -> !p.isEmpty()).distinct().toList();
    }

    /** Stages everything (what a commit would contain), for inspection before committing. */
    public void stage() {
        git.must("staging changes", "add", "-A");
    }

    /** The working tree's changes against HEAD (tracked files), for context in approval requests. */
    public String workingDiff() {
        return git.must("reading the working diff", "diff", "--no-color", "--no-ext-diff", "HEAD");
    }

    /** Paths the staged changes touch (after {@link #stage()}). */
    public List<String> stagedPaths() {
        return git.must("listing the staged paths", "diff", "--cached", "--name-only", "--no-renames").lines()
                .filter(l -> !l.isBlank()).toList();
    }

    public void unstage() {
        git.must("unstaging", "reset", "-q");
    }

    /** Stages everything and commits; returns the new commit. */
    public String commitAll(String subject, String body, Map<String, String> trailers) {
        git.must("staging changes", "add", "-A");
        StringBuilder msg = new StringBuilder(subject).append("\n\n");
        if (body != null && !body.isBlank()) msg.append(body.strip()).append("\n\n");
        trailers.forEach((k, v) -> msg.append(k).append(": ").append(v).append('\n'));
        git.must("committing", "commit", "-q", "--no-verify", "-m", msg.toString());
        return head();
    }

    /** Pushes {@code branch} to origin without force. */
    public void push(String branch) {
        Proc.Result r = remote.run("push", "--porcelain", "origin", "refs/heads/" + branch + ":refs/heads/" + branch);
        if (!r.ok()) throw new GitException("cannot push " + branch + " to origin: " + credentials.explain(r.diagnostic()));
    }

    /** Continues on origin's {@code branch} (a handed-off run's work): fetched and checked out under the same name. */
    public void checkoutRemoteBranch(String branch) {
        remote.must("fetching " + branch, "fetch", "-q", "origin", "refs/heads/" + branch + ":refs/remotes/origin/" + branch);
        git.must("checking out " + branch, "checkout", "-q", "-B", branch, "refs/remotes/origin/" + branch);
    }

    /**
     * Pushes {@code branch} to an HTTP(S) origin with a token (GitHub, GitLab and Gitea all accept it as the basic-auth
     * password). The header reaches git through GIT_CONFIG_* environment variables — never the command line, never a
     * config file — so other users cannot read it and nothing is left on disk.
     */
    public void pushWithToken(String branch, String token) {
        String basic = java.util.Base64.getEncoder().encodeToString(("x-access-token:" + token).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Map<String, String> env = new java.util.HashMap<>(identity());
        env.put("GIT_CONFIG_COUNT", "1");
        env.put("GIT_CONFIG_KEY_0", "http.extraHeader");
        env.put("GIT_CONFIG_VALUE_0", "Authorization: Basic " + basic);
        Proc.Result r = new Git(git.dir(), env).run("push", "--porcelain", "origin", "refs/heads/" + branch + ":refs/heads/" + branch);
        if (!r.ok()) {
            String why = r.diagnostic().replace(basic, "****").replace(token, "****");
            if (why.contains("401") || why.contains("Authentication failed") || why.contains("could not read Username")) {
                throw new GitException("origin rejected the token while pushing " + branch + " (authentication failed); check the token can write the repository");
            }
            throw new GitException("cannot push " + branch + " to origin: " + why);
        }
    }

    /** Checks out {@code rev} detached (verify.compareWithBase); the tree must be clean (it is: after the commit). */
    public void checkoutDetached(String rev) {
        git.must("checking out " + rev, "checkout", "-q", "--detach", rev);
    }

    public void checkoutBranch(String branch) {
        git.must("checking out " + branch, "checkout", "-q", branch);
    }

    /** The commit {@code branch} points at on origin, or null when origin does not have it. */
    public String remoteHead(String branch) {
        String out = remote.must("asking origin for " + branch, "ls-remote", "origin", "refs/heads/" + branch);
        return out.isBlank() ? null : out.split("\\s+")[0];
    }

    public List<Commit> commitsSince(String base) {
        String out = git.must("listing commits", "log", "--format=%H%x09%s", base + "..HEAD");
        return out.lines().filter(l -> !l.isBlank()).map(l -> {
            String[] p = l.split("\t", 2);
            return new Commit(p[0], p.length > 1 ? p[1] : "");
        }).toList();
    }

    public DiffStat diffStat(String base) {
        String text = git.must("computing the diffstat", "diff", "--stat", base, "HEAD");
        int files = 0, ins = 0, del = 0;
        for (String l : git.must("computing the diffstat", "diff", "--numstat", base, "HEAD").split("\n")) {
            String[] p = l.split("\t");
            if (p.length < 3) continue;
            files++;
            if (!p[0].equals("-")) ins += Integer.parseInt(p[0]);
            if (!p[1].equals("-")) del += Integer.parseInt(p[1]);
        }
        return new DiffStat(files, ins, del, text);
    }

    /** Commit identity of the runtime (the agent is named in the trailers). */
    static Map<String, String> identity() {
        return Map.of("GIT_AUTHOR_NAME", "Agent Runtime", "GIT_AUTHOR_EMAIL", "agent-runtime@localhost",
                "GIT_COMMITTER_NAME", "Agent Runtime", "GIT_COMMITTER_EMAIL", "agent-runtime@localhost");
    }
}
