package dev.agentruntime.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruntime.common.Masker;
import dev.agentruntime.git.GitCredentials;
import dev.agentruntime.git.GitHttpServer;
import dev.agentruntime.git.GitSshServer;
import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.rundir.RunState;
import dev.agentruntime.rundir.Status;
import dev.agentruntime.sandbox.Sandbox;
import dev.agentruntime.task.TaskSpec;
import dev.agentruntime.task.TaskSpecs;
import dev.agentruntime.util.Proc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole runs (built-in agent, scripted model, Docker sandbox) against a remote that wants credentials — over HTTP
 * with basic auth and over SSH with a key — given to the runtime in its environment: the run clones and pushes its
 * branch, and while the agent works the sandbox holds the secret nowhere (the container's configuration, every
 * process's environment and command line, every file it changed or mounted); afterwards no file of the run
 * directory does either. A wrong password fails the run with a reason that names the credentials; a runtime killed
 * mid-run and resumed with the same environment pushes (nothing of the credentials was kept in the run directory).
 */
@Tag("docker")
class GitCredentialsRunTest {
    /** The agent waits in the sandbox (its exec holds off pauses) until the test has looked inside (~/go); then fixes add() and finishes. */
    static final String SCRIPT = """
            turns:
              - calls: [{tool: shell, args: {command: "touch ~/ready; for i in $(seq 1200); do [ -f ~/go ] && break; sleep 0.1; done; rm -f ~/ready ~/go; echo inspected"}}]
              - calls: [{tool: edit, args: {path: calc.py, old: "    return a - b", new: "    return a + b"}}]
              - calls: [{tool: finish, args: {summary: "Fix add() in calc.py"}}]
            """;

    @TempDir
    Path tmp;

    final String password = "git-pw-" + System.nanoTime() + "-s3cret";

    @Test
    void overHttpWithAPasswordThePushSucceedsAndTheSecretStaysOnTheHost() throws Exception {
        try (Scenario s = new Scenario(tmp, SCRIPT);
             GitHttpServer server = new GitHttpServer(s.repo.remote().getParent(), "alice", password)) {
            Map<String, String> env = Map.of(GitCredentials.USERNAME, "alice", GitCredentials.PASSWORD, password);
            Scenario.Outcome o = runInspectingTheSandbox(s, server.url(s.repo.remote().getFileName().toString()), env, List.of(password));
            assertPushed(s, o);
            assertThat(Leaks.files(o.dir(), Leaks.finder(password))).as("run directory files holding the password").isEmpty();
        }
    }

    @Test
    void overSshWithAKeyThePushSucceedsAndTheKeyStaysOnTheHost() throws Exception {
        Path key = GitSshServer.keyPair(tmp.resolve("keys"), "id", "");
        String text = Files.readString(key);
        List<String> keyLines = text.lines().filter(l -> !l.startsWith("-----") && l.length() > 20).toList();
        try (Scenario s = new Scenario(tmp.resolve("s"), SCRIPT);
             GitSshServer server = new GitSshServer(s.repo.remote().getParent(), Path.of(key + ".pub"), tmp.resolve("sshd"))) {
            Map<String, String> env = Map.of(GitCredentials.SSH_KEY, text, GitCredentials.KNOWN_HOSTS, server.knownHosts().toString());
            Scenario.Outcome o = runInspectingTheSandbox(s, server.url(s.repo.remote().getFileName().toString()), env, keyLines);
            assertPushed(s, o);
            for (String line : keyLines) {
                assertThat(Leaks.files(o.dir(), Leaks.finder(line))).as("run directory files holding a line of the key").isEmpty();
            }
        }
    }

    @Test
    void aWrongPasswordFailsTheRunNamingTheCredentials() throws Exception {
        try (Scenario s = new Scenario(tmp, SCRIPT);
             GitHttpServer server = new GitHttpServer(s.repo.remote().getParent(), "alice", password)) {
            Map<String, String> env = Map.of(GitCredentials.USERNAME, "alice", GitCredentials.PASSWORD, "wrong-" + password);
            Scenario.Outcome o = s.run(task(s, server.url(s.repo.remote().getFileName().toString())), new RunOptions(Agents.standard(), Map.of(), env::get));
            assertThat(o.state().status()).isEqualTo(Status.FAILED);
            assertThat(o.state().reason()).contains("rejected the git username/password").contains(GitCredentials.PASSWORD);
            assertThat(Leaks.files(o.dir(), Leaks.finder("wrong-" + password))).isEmpty();
        }
    }

    @Test
    void aResumedRunReadsTheCredentialsFromItsEnvironmentAgain() throws Exception {
        try (Scenario s = new Scenario(tmp, RecoveryTest.SCRIPT);
             GitHttpServer server = new GitHttpServer(s.repo.remote().getParent(), "alice", password)) {
            Map<String, String> env = Map.of(GitCredentials.USERNAME, "alice", GitCredentials.PASSWORD, password);
            String yaml = s.yaml("builtin", "scripted", "").replace("repo: " + s.repo.url() + "\n",
                    "repo: " + server.url(s.repo.remote().getFileName().toString()) + "\n");
            RuntimeProcess runtime = RuntimeProcess.start(s.writeTask(yaml), s.runs(), "r-git-credentials", env);
            assertThat(runtime.awaitState(st -> RecoveryTest.turnStarted(runtime.dir, 3))).isTrue();
            runtime.kill9();
            // Nothing of the credentials was kept in the run directory: the resumed runtime reads them from its environment.
            assertThat(Leaks.files(runtime.dir, Leaks.finder(password))).isEmpty();
            RunState end = new TaskRunner(new RunOptions(Agents.standard(), Map.of(), env::get)).resume(runtime.dir);
            assertThat(end.status()).as(end.reason()).isEqualTo(Status.SUCCEEDED);
            assertThat(s.remoteGit("rev-parse", "refs/heads/" + end.branch()).strip()).isEqualTo(end.commit());
            assertThat(Leaks.files(runtime.dir, Leaks.finder(password))).isEmpty();
        }
    }

    static TaskSpec task(Scenario s, String url) {
        String yaml = s.yaml("builtin", "scripted", "").replace("repo: " + s.repo.url() + "\n", "repo: " + url + "\n");
        assertThat(yaml).contains("repo: " + url);
        return TaskSpecs.parse(yaml, "test task", s.root);
    }

    /** Runs the task with {@code env} as the runtime's environment; while the agent waits, searches the sandbox for {@code secrets}. */
    static Scenario.Outcome runInspectingTheSandbox(Scenario s, String url, Map<String, String> env, List<String> secrets) throws Exception {
        TaskSpec task = task(s, url);
        TaskRunner runner = new TaskRunner(new RunOptions(Agents.standard(), Map.of(), env::get));
        RunDirectory dir = runner.create(task, s.runs(), null);
        CompletableFuture<RunState> run = CompletableFuture.supplyAsync(() -> runner.execute(dir, task));
        String container = Sandbox.containerName(dir.runId());
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        // Watched on the host (the agent home is the run's volume): no docker exec while the runtime may pause the sandbox.
        while (!Files.exists(dir.agentHome().resolve("ready"))) {
            assertThat(run).as("the run ended before the agent waited: " + (run.isDone() ? run.join().reason() : "")).isNotDone();
            assertThat(System.nanoTime()).as("the agent never got to wait in the sandbox").isLessThan(deadline);
            Thread.sleep(200);
        }
        try {
            Masker finder = new Masker(secrets.stream().map(v -> v.substring(0, v.length() - 1)).toList());
            sandboxViews(container).forEach((view, text) -> assertThat(finder.reveals(text)).as("the sandbox holds the secret in " + view).isFalse());
        } finally {
            Files.writeString(dir.agentHome().resolve("go"), "");
        }
        return Scenario.outcome(dir, run.get());
    }

    /** The container as the host sees it, each process's environment and command line, and the bytes of every file it changed or mounted. */
    static Map<String, String> sandboxViews(String container) {
        Map<String, String> views = new java.util.LinkedHashMap<>();
        views.put("docker inspect", must(Proc.of("docker", "inspect", container)));
        views.put("its processes' environment and command line",
                must(Proc.of("docker", "exec", container, "sh", "-c", "cat /proc/[0-9]*/environ /proc/[0-9]*/cmdline 2>/dev/null; true")));
        List<String> changed = must(Proc.of("docker", "diff", container)).lines().map(l -> l.substring(2))
                .filter(p -> !p.startsWith("/proc") && !p.startsWith("/sys") && !p.startsWith("/dev")).toList();
        List<String> tar = new ArrayList<>(List.of("docker", "exec", container, "tar", "-cf", "-", "--ignore-failed-read", "/workspace", Sandbox.HOME, "/tmp"));
        tar.addAll(changed);
        Proc.Result files = Proc.of(tar).cap(512 << 20).timeout(Duration.ofMinutes(2)).run();
        assertThat(files.stdout().length()).as("the sandbox's files were read: " + files.diagnostic()).isGreaterThan(10_000);
        views.put("its changed and mounted files", files.stdout());
        return views;
    }

    static String must(Proc p) {
        Proc.Result r = p.run();
        assertThat(r.ok()).as(String.join(" ", r.command()) + ": " + r.diagnostic()).isTrue();
        return r.stdout();
    }

    static void assertPushed(Scenario s, Scenario.Outcome o) {
        assertThat(o.state().status()).as(o.state().reason()).isEqualTo(Status.SUCCEEDED);
        assertThat(o.state().pushed()).isTrue();
        assertThat(s.remoteGit("rev-parse", "refs/heads/" + o.state().branch()).strip()).isEqualTo(o.state().commit());
    }
}
