package dev.agentruntime.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruntime.common.BadInputException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Input that once slipped through validation (found by fuzzing): each is refused, naming its field. */
class StrictTaskInputTest {
    static final String BASE = """
            repo: ./repo
            instructions: fix it
            model: {baseUrl: "http://127.0.0.1:9/v1", model: m}
            """;

    static String problemsOf(String yaml) {
        try {
            TaskSpecs.parse(yaml, "task.yaml", Path.of("/tasks"));
        } catch (BadInputException e) {
            return String.join("\n", e.problems());
        }
        throw new AssertionError("expected the spec to be rejected:\n" + yaml);
    }

    @Test
    void unpairedSurrogatesAndNulBytesNameTheirField() {
        assertThat(problemsOf(BASE.replace("instructions: fix it", "instructions: \"fix \\uD800 it\"")))
                .startsWith("instructions:").contains("unpaired UTF-16 surrogate");
        assertThat(problemsOf(BASE.replace("repo: ./repo", "repo: \"./re\\0po\""))).startsWith("repo:").contains("NUL");
        assertThat(problemsOf(BASE + "setup: [\"make\", \"a\\udc00\"]\n")).startsWith("setup[1]:").contains("surrogate");
    }

    @Test
    void duplicateKeysAreRefused() {
        assertThat(problemsOf(BASE + "budgets: {turns: 3, turns: 9}\n")).startsWith("budgets.turns:").contains("duplicate key");
        assertThat(problemsOf(BASE + "repo: ./other\n")).startsWith("repo:").contains("duplicate key");
    }

    @Test
    void aliasesAnchorsAndTagsAreRefused() {
        assertThat(problemsOf(BASE + "baseBranch: &b main\nbranch: *b\n"))
                .contains("baseBranch: YAML anchors").contains("branch: YAML aliases");
        assertThat(problemsOf(BASE + "budgets: {turns: !!int \"5\"}\n")).startsWith("budgets.turns:").contains("YAML tags");
        assertThat(problemsOf(BASE + "setup: !custom [make]\n")).startsWith("setup:").contains("YAML tags");
    }

    @Test
    void valuesAreNotCoercedBetweenTypes() {
        assertThat(problemsOf(BASE + "budgets: {turns: 1.5}\n")).startsWith("budgets.turns:").contains("whole number");
        assertThat(problemsOf(BASE + "budgets: {turns: \"5\"}\n")).startsWith("budgets.turns:").contains("whole number");
        assertThat(problemsOf(BASE + "sandbox: {readOnlyRoot: 0}\n")).startsWith("sandbox.readOnlyRoot:").contains("true or false");
        assertThat(problemsOf(BASE + "sandbox: {memory: 512}\n")).startsWith("sandbox.memory:").contains("a string");
    }

    @Test
    void limitsThatWouldMeanUnlimitedOrEverythingAreRefused() {
        assertThat(problemsOf(BASE + "sandbox: {memory: \"0\"}\n")).startsWith("sandbox.memory:").contains("at least 6m");
        assertThat(problemsOf(BASE + "egress: {allow: [\"localhost:-1\"]}\n")).startsWith("egress.allow[0]:").contains("port");
        assertThat(problemsOf(BASE + "egress: {setup: [\"localhost:+80\"]}\n")).startsWith("egress.setup[0]:").contains("port");
        assertThat(problemsOf(BASE.replace("127.0.0.1:9/v1", "127.0.0.1:99999/v1"))).startsWith("model.baseUrl:").contains("port");
    }

    @Test
    void idsAndBranchesFollowGitsOwnRefRules() {
        for (String id : new String[] {"x.lock.", "HEAD", "x.lock", "a..b", "x."}) {
            assertThat(problemsOf(BASE + "id: \"" + id + "\"\n")).as(id).startsWith("id:").contains("git check-ref-format");
        }
        for (String branch : new String[] {"a/b.lock.", "HEAD", "a b", "x/../y"}) {
            assertThat(problemsOf(BASE + "branch: \"" + branch + "\"\n")).as(branch).startsWith("branch:").contains("git");
        }
        assertThat(problemsOf(BASE + "branch: \"agent/" + "x".repeat(300) + "\"\n")).startsWith("branch:").contains("200 bytes");
        assertThat(problemsOf(BASE + "branch: \"agent/" + "\uD83D\uDE00".repeat(100) + "\"\n")).startsWith("branch:").contains("200 bytes");
    }

    @Test
    void aPolicyProblemNamesThePolicyField() {
        assertThat(problemsOf(BASE + "policy: missing-policy.yaml\n")).startsWith("policy:").contains("file not found");
    }
}
