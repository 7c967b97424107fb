package dev.agentruntime.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentruntime.common.BadInputException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TaskSpecsTest {
    static final String MINIMAL = """
            repo: ./repo
            instructions: fix it
            model: {baseUrl: "http://127.0.0.1:9/v1", model: m}
            """;

    static TaskSpec parse(String yaml) {
        return TaskSpecs.parse(yaml, "task.yaml", Path.of("/tasks"));
    }

    static BadInputException problem(String yaml) {
        try {
            parse(yaml);
        } catch (BadInputException e) {
            return e;
        }
        throw new AssertionError("expected the spec to be rejected:\n" + yaml);
    }

    @Test
    void minimalSpecGetsDefaults() {
        TaskSpec t = parse(MINIMAL);
        assertThat(t.id()).startsWith("task-");
        assertThat(t.repo()).isEqualTo("/tasks/repo");
        assertThat(t.agent()).isEqualTo("builtin");
        assertThat(t.image()).isEqualTo(TaskSpec.DEFAULT_IMAGE);
        assertThat(t.branch()).isEqualTo("agent/{taskId}");
        assertThat(t.budgets().turns()).isEqualTo(50);
        assertThat(t.budgets().runDirectory()).isEqualTo("2g");
        assertThat(t.verify().commands()).isEmpty();
        assertThat(t.sandbox().readOnlyRoot()).isTrue();
        assertThat(t.baseBranch()).isNull();
    }

    @Test
    void fullSpecIsRead() {
        TaskSpec t = parse("""
                id: fix-1
                repo: https://example.invalid/org/repo.git
                baseBranch: develop
                instructions: fix it
                agent: builtin
                model: {baseUrl: "https://api.example.invalid/v1", model: gpt, apiKeyEnv: MY_KEY}
                image: my/image:1
                setup: [make deps]
                verify: [make test, make lint]
                budgets: {wallClock: 1h30m, turns: 7, tokens: 5000, runDirectory: 512m}
                branch: bots/{taskId}/{runId}
                sandbox: {memory: 4g, cpus: 2, pids: 256, readOnlyRoot: false, disk: none}
                """);
        assertThat(t.repo()).isEqualTo("https://example.invalid/org/repo.git");
        assertThat(t.verify().commands()).containsExactly("make test", "make lint");
        assertThat(t.verify().junitReports()).isEqualTo(VerifySpec.DEFAULT_JUNIT);
        assertThat(t.budgets().wallClock()).isEqualTo(Duration.ofMinutes(90));
        assertThat(t.budgets().tokens()).isEqualTo(5000L);
        assertThat(t.budgets().runDirectoryBytes()).isEqualTo(512L << 20);
        assertThat(t.sandbox().cpus()).isEqualTo(2.0);
        assertThat(t.model().apiKeyEnv()).isEqualTo("MY_KEY");
    }

    @Test
    void verifyAsObject() {
        TaskSpec t = parse(MINIMAL + "verify: {commands: [pytest], junitReports: [\"out/*.xml\"], timeout: 90s}\n");
        assertThat(t.verify().commands()).containsExactly("pytest");
        assertThat(t.verify().junitReports()).containsExactly("out/*.xml");
        assertThat(t.verify().timeout()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void missingRequiredFieldsAreAllNamed() {
        BadInputException e = problem("agent: builtin\n");
        assertThat(e.problems()).anyMatch(p -> p.startsWith("repo: required"))
                .anyMatch(p -> p.startsWith("instructions: required"))
                .anyMatch(p -> p.startsWith("model: required"));
    }

    @Test
    void unknownFieldIsNamedWithWhatIsAllowed() {
        BadInputException e = problem(MINIMAL + "reop: x\n");
        assertThat(e.problems()).singleElement().asString()
                .contains("unknown field \"reop\"").contains("allowed here:").contains("repo").contains("instructions");
    }

    @Test
    void unknownNestedFieldHasItsPath() {
        BadInputException e = problem(MINIMAL + "budgets: {turnz: 3}\n");
        assertThat(e.problems()).singleElement().asString().startsWith("budgets.turnz").contains("turns, wallClock");
    }

    @Test
    void wrongTypeNamesFieldValueAndExpectation() {
        BadInputException e = problem(MINIMAL + "budgets: {turns: many}\n");
        assertThat(e.problems()).singleElement().asString()
                .startsWith("budgets.turns").contains("\"many\"").contains("whole number");
        BadInputException list = problem(MINIMAL + "setup: {a: b}\n");
        assertThat(list.problems()).singleElement().asString().startsWith("setup").contains("a list");
    }

    @Test
    void badDurationSaysWhatIsAllowed() {
        BadInputException e = problem(MINIMAL + "budgets: {wallClock: \"5 parsecs\"}\n");
        assertThat(e.problems()).singleElement().asString()
                .startsWith("budgets.wallClock").contains("5 parsecs").contains("30s, 10m or 1h30m");
    }

    @Test
    void semanticProblems() {
        BadInputException e = problem("""
                id: "bad id!"
                repo: r
                instructions: x
                agent: gpt-pilot
                model: {baseUrl: "ftp://x", model: m, apiKeyEnv: "1-bad"}
                budgets: {turns: 0}
                sandbox: {memory: lots}
                setup: [""]
                """);
        assertThat(e.problems()).anyMatch(p -> p.startsWith("id:"))
                .anyMatch(p -> p.startsWith("agent: \"gpt-pilot\" is not supported; allowed: builtin"))
                .anyMatch(p -> p.startsWith("model.baseUrl:"))
                .anyMatch(p -> p.startsWith("model.apiKeyEnv:"))
                .anyMatch(p -> p.startsWith("budgets.turns: 0"))
                .anyMatch(p -> p.startsWith("sandbox.memory:"))
                .anyMatch(p -> p.startsWith("setup[0]:"));
    }

    @Test
    void syntaxErrorHasLocation() {
        assertThatThrownBy(() -> parse("repo: \"unclosed\ninstructions: x\n")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("line");
    }

    @Test
    void missingFileIsBadInput() {
        assertThatThrownBy(() -> TaskSpecs.load(Path.of("/nonexistent/task.yaml")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("file not found");
    }

    @Test
    void theRunDirectoryBudgetAndAWritableRootAreChecked() {
        assertThat(problem(MINIMAL + "budgets: {runDirectory: 10 gigs}\n").problems()).singleElement().asString()
                .startsWith("budgets.runDirectory: \"10 gigs\" is not valid; use a size of at least 1m");
        assertThat(problem(MINIMAL + "budgets: {runDirectory: 100k}\n").problems()).singleElement().asString().startsWith("budgets.runDirectory:");
        assertThat(problem(MINIMAL + "sandbox: {readOnlyRoot: false}\n").problems()).singleElement().asString()
                .startsWith("sandbox.readOnlyRoot: false would let the agent write to the container's root filesystem, which has no size limit")
                .contains("sandbox.disk: none");
    }
}
