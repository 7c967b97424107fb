package dev.agentruntime.jenkins;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the real-Jenkins tests drive, without the runtime's classes on the test class path (their Jetty would shadow
 * Jenkins'): the runtime jar the plugin carries, run as a process; a scripted model served by it on loopback; a
 * generated repository whose test fails until {@code add()} is fixed, with a bare remote. Needs Docker, git and the
 * sandbox image (scripts/setup.sh).
 */
final class RuntimeFixture implements AutoCloseable {
    /** Looks, fixes add(), re-runs the tests, finishes; each conversation on its own, so parallel runs share it. */
    static final String FIX_SCRIPT = """
            byConversation: true
            turns:
              - calls: [{tool: shell, args: {command: "python3 run_tests.py"}}]
              - calls: [{tool: edit, args: {path: calc.py, old: "    return a - b", new: "    return a + b"}}]
              - calls: [{tool: shell, args: {command: "python3 run_tests.py"}}]
              - calls: [{tool: finish, args: {summary: "Fix add() in calc.py"}}]
            """;

    /** Writes CI configuration first, which the default policy asks a human about. */
    static final String ASKING_SCRIPT = """
            byConversation: true
            turns:
              - calls: [{tool: write, args: {path: .github/workflows/ci.yml, content: "on: push\\n"}}]
              - calls: [{tool: edit, args: {path: calc.py, old: "    return a - b", new: "    return a + b"}}]
              - calls: [{tool: finish, args: {summary: "fixed add() and added CI"}}]
            """;

    final Path root;
    final Path jar;
    final Path remote;
    final String baseUrl;
    private final Process model;

    private RuntimeFixture(Path root, Path jar, Path remote, Process model, String baseUrl) {
        this.root = root;
        this.jar = jar;
        this.remote = remote;
        this.model = model;
        this.baseUrl = baseUrl;
    }

    static RuntimeFixture start(Path root, String script) throws Exception {
        Path jar = root.resolve("agent-runtime-all.jar");
        try (InputStream in = RuntimeFixture.class.getResourceAsStream(RuntimeJar.RESOURCE)) {
            if (in == null) throw new IllegalStateException("the plugin's test class path carries no runtime jar");
            Files.copy(in, jar);
        }
        Path remote = calculatorRepo(root.resolve("repo"));
        Path scriptFile = root.resolve("model-script.yaml");
        Files.writeString(scriptFile, script);
        Process model = new ProcessBuilder("java", "-jar", jar.toString(), "model-server", scriptFile.toString())
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(model.getInputStream(), StandardCharsets.UTF_8));
        Matcher m = Pattern.compile("at (http://127\\.0\\.0\\.1:\\d+\\S*)").matcher("");
        for (String line; (line = out.readLine()) != null; ) {
            if (m.reset(line).find()) {
                Thread drain = new Thread(() -> out.lines().forEach(l -> { }));
                drain.setDaemon(true);
                drain.start();
                return new RuntimeFixture(root, jar, remote, model, m.group(1));
            }
        }
        throw new IllegalStateException("the scripted model server did not start (exit " + model.waitFor() + ")");
    }

    /** agentTask's parameters for the calculator task, as Groovy map entries. */
    String taskArgs(String taskId) {
        return "taskId: '%s', repo: '%s', task: 'Fix the failing test in calc.py.', agent: 'builtin', model: 'scripted', baseUrl: '%s', verify: 'python3 run_tests.py', turns: 10, wallClock: '10m'"
                .formatted(taskId, remote, baseUrl);
    }

    /** Branches on the remote. */
    List<String> remoteBranches() throws Exception {
        List<String> out = new ArrayList<>();
        for (String line : git(root, "ls-remote", "--heads", remote.toString()).split("\n")) {
            if (!line.isBlank()) out.add(line.substring(line.indexOf("refs/heads/") + "refs/heads/".length()));
        }
        return out;
    }

    /** A file on a branch of the remote. */
    String show(String branch, String path) throws Exception {
        return git(root, "--git-dir=" + remote, "show", branch + ":" + path);
    }

    private static Path calculatorRepo(Path dir) throws Exception {
        Path seed = dir.resolve("seed");
        Path remote = dir.resolve("origin.git");
        Files.createDirectories(seed);
        Map<String, String> files = Map.of(
                "calc.py", "def add(a, b):\n    return a - b\n",
                "test_calc.py", """
                        import unittest
                        from calc import add


                        class CalcTest(unittest.TestCase):
                            def test_add(self):
                                self.assertEqual(add(2, 3), 5)
                        """,
                "run_tests.py", """
                        import os, sys, unittest
                        sys.dont_write_bytecode = True
                        result = unittest.TextTestRunner(verbosity=2).run(unittest.defaultTestLoader.discover(".", pattern="test_*.py"))
                        os.makedirs("build/test-results", exist_ok=True)
                        with open("build/test-results/TEST-calc.xml", "w") as f:
                            bad = len(result.failures) + len(result.errors)
                            f.write('<testsuite name="calc" tests="%d" failures="%d"><testcase classname="test_calc.CalcTest" name="test_add">%s</testcase></testsuite>\\n'
                                    % (result.testsRun, bad, '<failure message="add"/>' if bad else ''))
                        sys.exit(0 if result.wasSuccessful() else 1)
                        """,
                ".gitignore", "build/\n__pycache__/\n");
        for (var e : files.entrySet()) Files.writeString(seed.resolve(e.getKey()), e.getValue());
        git(dir, "init", "-q", "--bare", "-b", "main", remote.toString());
        git(seed, "init", "-q", "-b", "main");
        git(seed, "add", "-A");
        git(seed, "-c", "user.name=Example", "-c", "user.email=example@localhost", "commit", "-q", "-m", "Initial commit");
        git(seed, "push", "-q", remote.toString(), "main");
        return remote;
    }

    static String git(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("git " + String.join(" ", args) + ": " + out);
        return out;
    }

    @Override
    public void close() throws Exception {
        model.destroy();
        model.waitFor(10, TimeUnit.SECONDS);
    }
}
