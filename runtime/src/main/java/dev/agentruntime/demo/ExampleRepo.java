package dev.agentruntime.demo;

import dev.agentruntime.git.Git;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Generates small git repositories for the demo, the tests and the benchmarks: a Python project whose test
 * fails until {@code add()} is fixed, pushed to a local bare remote.
 */
public final class ExampleRepo {
    /** Where a generated repository lives. */
    public record Generated(Path remote, Path seed) {
        /** The URL a task spec uses. */
        public String url() {
            return remote.toString();
        }
    }

    public static final String BUGGY_LINE = "    return a - b";
    public static final String FIXED_LINE = "    return a + b";

    private ExampleRepo() {}

    /** The calculator project with one bug, its tests and a runner that writes JUnit XML. */
    public static Generated calculator(Path dir) {
        return create(dir, Map.of(
                "calc.py", "def add(a, b):\n" + BUGGY_LINE + "\n\n\ndef mul(a, b):\n    return a * b\n",
                "test_calc.py", """
                        import unittest
                        from calc import add, mul


                        class CalcTest(unittest.TestCase):
                            def test_add(self):
                                self.assertEqual(add(2, 3), 5)

                            def test_mul(self):
                                self.assertEqual(mul(2, 3), 6)


                        if __name__ == "__main__":
                            unittest.main()
                        """,
                "run_tests.py", """
                        \"\"\"Runs the unit tests and writes build/test-results/TEST-calc.xml (JUnit format).\"\"\"
                        import sys
                        sys.dont_write_bytecode = True  # same-size edits within a second would reuse stale .pyc files
                        import os, unittest
                        from xml.sax.saxutils import quoteattr

                        suite = unittest.defaultTestLoader.discover(".", pattern="test_*.py")
                        results = []

                        class Recorder(unittest.TextTestResult):
                            def addSuccess(self, test):
                                super().addSuccess(test); results.append((test, None))
                            def addFailure(self, test, err):
                                super().addFailure(test, err); results.append((test, ("failure", err)))
                            def addError(self, test, err):
                                super().addError(test, err); results.append((test, ("error", err)))

                        outcome = unittest.TextTestRunner(verbosity=2, resultclass=Recorder).run(suite)
                        os.makedirs("build/test-results", exist_ok=True)
                        with open("build/test-results/TEST-calc.xml", "w") as f:
                            bad = sum(1 for _, r in results if r)
                            f.write('<testsuite name="calc" tests="%d" failures="%d">\\n' % (len(results), bad))
                            for test, r in results:
                                cls, name = test.id().rsplit(".", 1)
                                f.write('  <testcase classname=%s name=%s>' % (quoteattr(cls), quoteattr(name)))
                                if r:
                                    f.write('<%s message=%s/>' % (r[0], quoteattr(str(r[1][1]))))
                                f.write('</testcase>\\n')
                            f.write('</testsuite>\\n')
                        sys.exit(0 if outcome.wasSuccessful() else 1)
                        """,
                ".gitignore", "build/\n__pycache__/\n",
                "README.md", "# calc\n\nA tiny calculator. Run the tests with `python3 run_tests.py`.\n"));
    }

    /** A repository of {@code count} small files (for clone benchmarks). */
    public static Generated manyFiles(Path dir, int count) {
        Map<String, String> files = new java.util.HashMap<>();
        for (int i = 0; i < count; i++) files.put("src/pkg" + (i % 20) + "/file" + i + ".txt", "line " + i + "\n".repeat(1 + i % 5));
        return create(dir, files);
    }

    /** Writes {@code files} into a fresh repository, commits them on main and pushes to a bare remote beside it. */
    public static Generated create(Path dir, Map<String, String> files) {
        Path seed = dir.resolve("seed");
        Path remote = dir.resolve("origin.git");
        try {
            Files.createDirectories(seed);
            for (var e : files.entrySet()) {
                Path p = seed.resolve(e.getKey());
                Files.createDirectories(p.getParent());
                Files.writeString(p, e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> who = Map.of("GIT_AUTHOR_NAME", "Example", "GIT_AUTHOR_EMAIL", "example@localhost",
                "GIT_COMMITTER_NAME", "Example", "GIT_COMMITTER_EMAIL", "example@localhost");
        new Git(dir, who).must("creating the bare remote", "init", "-q", "--bare", "-b", "main", remote.toString());
        Git g = new Git(seed, who);
        g.must("init", "init", "-q", "-b", "main");
        g.must("add", "add", "-A");
        g.must("commit", "commit", "-q", "-m", "Initial commit");
        g.must("remote", "remote", "add", "origin", remote.toString());
        g.must("push", "push", "-q", "origin", "main");
        return new Generated(remote, seed);
    }
}
