package dev.agentruntime.demo;

/** The scripted model session of the demo: look, fix add(), re-run the tests, finish. */
public final class DemoScript {
    private DemoScript() {}

    /** Agent-neutral: the scripted server renders it for whichever agent asks (docs/scripted-model.md). */
    public static final String YAML = """
            # A scripted model session played by `agent-runtime model-server` (see docs/scripted-model.md).
            turns:
              - text: "Let me run the tests first."
                calls:
                  - tool: shell
                    args: {command: "python3 run_tests.py"}
              - calls:
                  - tool: read
                    args: {path: calc.py}
              - text: "add() subtracts; fixing it."
                calls:
                  - tool: edit
                    args: {path: calc.py, old: "    return a - b", new: "    return a + b"}
              - calls:
                  - tool: shell
                    args: {command: "python3 run_tests.py"}
              - calls:
                  - tool: finish
                    args: {summary: "Fix add() in calc.py: it subtracted instead of adding. All tests pass."}
            """;

    /** The task spec of the demo, for a given model base URL. */
    public static String task(String repo, String baseUrl) {
        return """
                id: fix-calc-add
                repo: %s
                instructions: |
                  The test suite fails. Find the bug in calc.py and fix it so that
                  `python3 run_tests.py` passes. Do not change the tests.
                agent: builtin
                model:
                  baseUrl: %s
                  model: scripted
                verify:
                  commands: ["python3 run_tests.py"]
                  junitReports: ["build/test-results/*.xml"]
                budgets: {wallClock: 10m, turns: 10, tokens: 100000}
                """.formatted(repo, baseUrl);
    }
}
