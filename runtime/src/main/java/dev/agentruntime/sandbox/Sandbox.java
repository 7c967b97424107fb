package dev.agentruntime.sandbox;

import dev.agentruntime.rundir.Heartbeat;
import dev.agentruntime.util.Proc;
import static dev.agentruntime.common.Text.firstLine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One run's Docker container: no network interface, non-root, no capabilities, no privilege escalation, read-only
 * root, bounded memory/CPU/pids; only the workspace and the agent home are writable (besides Docker's own small
 * tmpfs /dev/shm and /dev/mqueue); the runtime's socket directory is mounted read-only. Commands run in it via
 * {@code docker exec} under coreutils {@code timeout}, so a runaway command is killed inside the container too.
 */
public final class Sandbox implements AutoCloseable {
    public static final String WORKSPACE = "/workspace";
    public static final String HOME = "/home/agent";
    /** Where the runtime's unix sockets (model gateway, later the egress proxy) appear in the sandbox. */
    public static final String SOCKETS = "/run/agent-runtime";
    public static final String RUN_LABEL = "agent-runtime.run";
    public static final String OWNER_LABEL = "agent-runtime.owner";
    /** uid:gid the sandbox runs as when the runtime itself runs as root. */
    public static final String DEFAULT_USER = "1000:1000";

    private final Docker docker;
    private final String name;
    private volatile boolean removed;
    private volatile Map<String, String> secrets = Map.of();
    /**
     * Shared by every {@code docker exec} the runtime runs, exclusive while the container is frozen: an exec whose
     * process joins a frozen container can wedge it in docker (20.10) — pause, unpause and rm hang — so none starts
     * while the runtime has it paused.
     */
    private final java.util.concurrent.locks.ReentrantReadWriteLock frozen = new java.util.concurrent.locks.ReentrantReadWriteLock();

    private Sandbox(Docker docker, String name) {
        this.docker = docker;
        this.name = name;
    }

    public static String containerName(String runId) {
        return "agent-runtime-" + runId;
    }

    /** Creates and starts the container; returns once a command can be executed in it. */
    public static Sandbox create(Docker docker, SandboxConfig c) {
        if (!docker.imageExists(c.image())) {
            throw new SandboxException("sandbox image \"" + c.image() + "\" is not present; build it with"
                    + " `sandbox/build-image.sh` (or set `image:` in the task to an image you have)");
        }
        String user = prepareOwnership(c);
        String name = containerName(c.runId());
        List<String> args = new ArrayList<>(List.of("run", "-d", "--init", "--name", name, "--hostname", "sandbox",
                "--label", RUN_LABEL + "=" + c.runId(), "--label", OWNER_LABEL + "=" + owner(),
                "--network", "none", "--user", user,
                "--pids-limit", String.valueOf(c.pids()), "--memory", c.memory(), "--memory-swap", c.memory(),
                "--cpus", String.valueOf(c.cpus()),
                "--security-opt", "no-new-privileges", "--cap-drop", "ALL",
                "-v", c.workspace() + ":" + WORKSPACE,
                "-v", c.agentHome() + ":" + HOME,
                "-e", "HOME=" + HOME, "-e", "TMPDIR=" + HOME + "/tmp",
                "-w", WORKSPACE));
        Path gitDir = c.workspace().resolve(".git");
        if (Files.exists(gitDir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            // The repository metadata stays host-owned: the host runs git on it (commit, push), so the agent must
            // not be able to plant hooks or config there.
            if (!Files.isDirectory(gitDir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw new SandboxException(gitDir + " is not a directory; the workspace must be a plain clone");
            }
            args.addAll(List.of("-v", gitDir + ":" + WORKSPACE + "/.git:ro"));
        }
        // Read-only: connecting to a unix socket needs no write to the mount, and the host directory behind it has no
        // size limit, so the agent must not be able to write there.
        if (c.socketDir() != null) args.addAll(List.of("-v", c.socketDir() + ":" + SOCKETS + ":ro"));
        if (c.readOnlyRoot()) args.add("--read-only");
        for (Map.Entry<String, String> e : c.env().entrySet()) args.addAll(List.of("-e", e.getKey() + "=" + e.getValue()));
        args.addAll(List.of(c.image(), "sleep", "infinity"));
        Proc.Result r = docker.run(args, Docker.CALL_TIMEOUT, null, 1 << 16);
        Sandbox sb = new Sandbox(docker, name);
        // Whatever goes wrong from here on (the container killed while it starts included), none is left behind.
        try {
            if (!r.ok()) {
                // Removed between docker's create and start ("marked for removal"): lost, not a bad configuration.
                String st = sb.state();
                boolean removed = st.equals("removing") || st.equals("dead")
                        || st.equals(GONE) && (r.diagnostic().contains("removal") || r.diagnostic().contains("No such container"));
                if (removed) throw new SandboxLostException("sandbox " + name + " was removed while it started: " + firstLine(r.diagnostic()));
                throw new SandboxException("cannot start sandbox: " + firstLine(r.diagnostic()));
            }
            ExecResult ready = sb.exec("true", Duration.ofSeconds(60), 4096);
            if (!ready.ok()) throw new SandboxException("sandbox started but cannot run commands: " + ready.output().strip());
        } catch (RuntimeException e) {
            sb.close();
            throw e;
        }
        return sb;
    }

    public String name() {
        return name;
    }

    /**
     * Secrets for the commands run from now on (the current phase's). They are passed by name ({@code -e NAME})
     * with the value in the docker client's environment, so they never appear on a command line.
     */
    public void setSecrets(Map<String, String> secrets) {
        this.secrets = Map.copyOf(secrets);
    }

    /** Runs {@code command} with bash in the workspace; stdout and stderr interleaved, capped at {@code cap} bytes. */
    public ExecResult exec(String command, Duration timeout, int cap) {
        return exec(command, timeout, cap, null);
    }

    public ExecResult exec(String command, Duration timeout, int cap, byte[] stdin) {
        frozen.readLock().lock();
        try {
            return execThawed(command, timeout, cap, stdin);
        } finally {
            frozen.readLock().unlock();
        }
    }

    private ExecResult execThawed(String command, Duration timeout, int cap, byte[] stdin) {
        long secs = Math.max(1, timeout.toSeconds());
        List<String> args = new ArrayList<>(List.of("exec"));
        if (stdin != null) args.add("-i");
        Map<String, String> s = secrets;
        s.keySet().forEach(k -> args.addAll(List.of("-e", k)));
        args.addAll(List.of("-w", WORKSPACE, name, "timeout", "--kill-after=5", String.valueOf(secs), "bash", "-c", command));
        Proc.Result r = docker.run(args, timeout.plusSeconds(30), stdin, cap, true, s);
        // coreutils timeout exits 124 (or 137 after --kill-after); the host-side guard is the last resort.
        boolean timedOut = r.timedOut() || r.exitCode() == 124 || r.exitCode() == 137 && r.millis() >= timeout.toMillis();
        if (!r.ok() && lost()) {
            // A removed container kills the command (137) or fails the exec in many ways; only the container tells.
            throw new SandboxLostException("sandbox " + name + " is gone: " + firstLine(r.stdout()));
        }
        return new ExecResult(r.timedOut() ? 124 : r.exitCode(), r.stdout(), r.millis(), timedOut, r.truncated());
    }

    /** How long docker may keep reporting a container it is removing as running, after its processes were killed. */
    static final Duration LOSS_WINDOW = Duration.ofSeconds(5);
    private static final String GONE = "gone";

    /**
     * Whether the container went away, asked after a command failed. {@code docker rm -f} kills every process (the
     * command exits 137) before docker reports the container stopped — for a moment inspect still says "running"
     * (seen under load). So "running" is only believed once a probe command runs in it; a container that stays
     * "running" yet cannot run {@code true} for {@link #LOSS_WINDOW} is as good as lost.
     */
    public boolean lost() {
        long deadline = System.nanoTime() + LOSS_WINDOW.toNanos();
        while (!removed) {
            String st = state();
            if (st.equals("paused")) return false; // frozen by a checkpoint: there, and thawed in a moment
            if (!st.equals("running")) return true;
            if (probe()) return false;
            if (System.nanoTime() > deadline) return true;
            dev.agentruntime.common.Text.sleep(100);
        }
        return true;
    }

    /** Whether a command can start in the container now. */
    private boolean probe() {
        frozen.readLock().lock();
        try {
            return docker.run(List.of("exec", name, "true"), Duration.ofSeconds(30), null, 4096).ok();
        } finally {
            frozen.readLock().unlock();
        }
    }

    /** The container's status as docker reports it ({@code running}, {@code paused}, {@code exited}, …), or "gone". */
    private String state() {
        Proc.Result r = docker.run("inspect", "--format", "{{.State.Status}}", name);
        return r.ok() ? r.stdout().strip() : GONE;
    }

    /** Starts {@code argv} in the background inside the sandbox (e.g. socat); returns once docker accepted it. */
    public void execDetached(List<String> argv) {
        List<String> args = new ArrayList<>(List.of("exec", "-d", "-w", WORKSPACE, name));
        args.addAll(argv);
        Proc.Result r;
        frozen.readLock().lock();
        try {
            r = docker.run(args, Docker.CALL_TIMEOUT, null, 1 << 16);
        } finally {
            frozen.readLock().unlock();
        }
        if (!r.ok() && lost()) throw new SandboxLostException("sandbox " + name + " is gone: " + firstLine(r.diagnostic()));
        if (!r.ok()) throw new SandboxException("cannot start " + argv.get(0) + " in the sandbox: " + firstLine(r.diagnostic()));
    }

    /**
     * Starts a long-running process in the sandbox with its output streamed to the caller (an agent CLI). Its
     * stdin is the returned process's stdin when {@code interactive}, else closed.
     */
    public Process start(List<String> argv, Map<String, String> env, boolean interactive) {
        List<String> cmd = new ArrayList<>(List.of(docker.binary(), "exec"));
        if (interactive) cmd.add("-i");
        cmd.addAll(List.of("-w", WORKSPACE));
        env.forEach((k, v) -> cmd.addAll(List.of("-e", k + "=" + v)));
        Map<String, String> s = secrets;
        s.keySet().forEach(k -> cmd.addAll(List.of("-e", k)));
        cmd.add(name);
        cmd.addAll(argv);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        dev.agentruntime.git.GitCredentials.VARIABLES.forEach(pb.environment()::remove);
        pb.environment().putAll(docker.env());
        pb.environment().putAll(s);
        if (!interactive) pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            return pb.start();
        } catch (IOException e) {
            throw new SandboxException("cannot start " + argv.get(0) + " in the sandbox: " + e.getMessage());
        }
    }

    /**
     * Makes a runtime unix socket (in {@link #SOCKETS}) reachable as {@code 127.0.0.1:port} inside the sandbox, with
     * socat, and waits until the port answers.
     */
    public void forward(int port, String socketName) {
        execDetached(List.of("socat", "TCP-LISTEN:" + port + ",bind=127.0.0.1,fork,reuseaddr", "UNIX-CONNECT:" + SOCKETS + "/" + socketName));
        ExecResult r = exec("for i in $(seq 1 50); do (exec 3<>/dev/tcp/127.0.0.1/" + port + ") 2>/dev/null && exit 0; sleep 0.1; done; exit 1",
                Duration.ofSeconds(15), 4096);
        if (!r.ok()) throw new SandboxException("the forwarder for " + socketName + " did not start in the sandbox");
    }

    /**
     * Freezes every process in the sandbox (cgroup freezer) once no exec of the runtime is running; false when that was
     * not possible (e.g. it is gone). The same thread calls {@link #unpause()}.
     */
    public boolean pause() {
        if (removed) return false;
        frozen.writeLock().lock();
        boolean ok = docker.run(List.of("pause", name), Docker.CALL_TIMEOUT, null, 4096).ok();
        if (!ok) frozen.writeLock().unlock();
        return ok;
    }

    public void unpause() {
        try {
            if (!removed) docker.run(List.of("unpause", name), Docker.CALL_TIMEOUT, null, 4096);
        } finally {
            if (frozen.isWriteLockedByCurrentThread()) frozen.writeLock().unlock();
        }
    }

    /** Whether this sandbox has not been removed and its container still runs. */
    public boolean alive() {
        return !removed && isRunning();
    }

    /** Gives files the runtime wrote into the workspace (a restore) to the sandbox user, as at creation. */
    public static void handToSandboxUser(Path workspace, Path agentHome) {
        if (currentUid() != 0) return;
        chown(workspace, true);
        chown(agentHome, false);
    }

    /**
     * Kills every process in the sandbox except its init, its {@code sleep infinity} and the socat forwarders:
     * nothing a phase started (a build daemon, a background job) lives on into the next.
     */
    public void killLeftovers() {
        String script = String.join("\n",
                "import os, signal",
                "def parent(p):",
                "    try: return int(open('/proc/%d/stat' % p).read().rsplit(')', 1)[1].split()[1])",
                "    except Exception: return 0",
                "keep, p = {1}, os.getpid()",
                "while p > 1: keep.add(p); p = parent(p)",
                "for d in os.listdir('/proc'):",
                "    if not d.isdigit() or int(d) in keep: continue",
                "    try: args = open('/proc/%s/cmdline' % d, 'rb').read().split(b'\\0')",
                "    except Exception: continue",
                "    if args[:2] == [b'sleep', b'infinity'] or args[0] == b'socat': continue",
                "    try: os.kill(int(d), signal.SIGKILL)",
                "    except Exception: pass");
        exec("python3 -c " + shellQuote(script), Duration.ofSeconds(30), 16 * 1024);
    }

    private static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** Whether the container still exists and runs. */
    public boolean isRunning() {
        Proc.Result r = docker.run("inspect", "--format", "{{.State.Running}}", name);
        return r.ok() && r.stdout().strip().equals("true");
    }

    /** Removes the container (idempotent). */
    @Override
    public synchronized void close() {
        if (removed) return;
        docker.run("rm", "-f", "-v", name);
        removed = true;
    }

    /** {@code host:pid:startMillis} of this runtime process, so a reaper can tell live owners from dead ones. */
    static String owner() {
        ProcessHandle self = ProcessHandle.current();
        long start = self.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L);
        return Heartbeat.hostName() + ":" + self.pid() + ":" + start;
    }

    /**
     * The sandbox user: the runtime's own uid:gid when it is not root, else {@link #DEFAULT_USER}, in which case
     * the writable mounts are handed to that uid (the repository metadata stays root's).
     */
    private static String prepareOwnership(SandboxConfig c) {
        long uid = currentUid();
        try {
            Files.createDirectories(c.agentHome());
            if (Files.isSymbolicLink(c.agentHome().resolve("tmp"))) throw new IOException("agent-home/tmp is a symbolic link");
            Files.createDirectories(c.agentHome().resolve("tmp"));
            // The sandbox user does not own the (read-only) repository metadata; let its git read it anyway.
            dev.agentruntime.util.NoFollow.writeIfAbsent(c.agentHome(), ".gitconfig", "[safe]\n\tdirectory = " + WORKSPACE + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (uid != 0) return uid + ":" + currentGid();
        chown(c.workspace(), true);
        chown(c.agentHome(), false);
        return DEFAULT_USER;
    }

    private static void chown(Path dir, boolean skipGit) {
        List<String> cmd = skipGit
                ? List.of("find", dir.toString(), "-path", dir.resolve(".git").toString(), "-prune", "-o", "-exec", "chown", "-h", DEFAULT_USER, "{}", "+")
                : List.of("chown", "-R", DEFAULT_USER, dir.toString());
        Proc.Result r = Proc.of(cmd).timeout(Duration.ofMinutes(5)).run();
        if (!r.ok()) throw new SandboxException("cannot hand " + dir + " to the sandbox user: " + r.diagnostic());
    }

    static long currentUid() {
        return new com.sun.security.auth.module.UnixSystem().getUid();
    }

    static long currentGid() {
        return new com.sun.security.auth.module.UnixSystem().getGid();
    }
}
