package dev.agentruntime.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentruntime.common.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchSpecsTest {
    @TempDir
    Path tmp;

    static final String TEMPLATE = """
            template:
              instructions: Upgrade junit.
              model: {baseUrl: "http://127.0.0.1:8080/v1", model: m}
              budgets: {turns: 10, wallClock: 5m}
            """;

    @Test
    void buildsOneTaskPerRepositoryWithOverridesMergedAndPredictableIdsAndBranches() throws Exception {
        Files.writeString(tmp.resolve("more.txt"), "# more services\nhttps://git.example.com/acme/payments.git\n\n");
        Batch b = BatchSpecs.parse("""
                id: junit5
                canary: 1
                concurrency: 3
                maxFailures: 1
                schedule: "H 2 * * 1"
                reposFile: more.txt
                publish: {provider: github, repo: "acme/{name}", labels: [agent]}
                repos:
                  - ../billing
                  - repo: https://git.example.com/acme/ledger.git
                    name: ledger-svc
                    publishRepo: finance/ledger
                    overrides: {budgets: {turns: 20}, agent: codex}
                """ + TEMPLATE, "batch.yaml", tmp);
        assertThat(b.items()).extracting(Batch.Item::name).containsExactly("billing", "ledger-svc", "payments");
        assertThat(b.items()).extracting(i -> i.task().id()).containsExactly("junit5-billing", "junit5-ledger-svc", "junit5-payments");
        assertThat(b.items()).extracting(i -> i.task().branch()).containsOnly("agent/junit5");
        assertThat(b.items().get(0).task().repo()).isEqualTo(tmp.getParent().resolve("billing").toString());
        Batch.Item ledger = b.items().get(1);
        assertThat(ledger.task().budgets().turns()).isEqualTo(20);
        assertThat(ledger.task().budgets().wallClock()).hasMinutes(5); // merged, not replaced
        assertThat(ledger.task().agent()).isEqualTo("codex");
        assertThat(b.items().get(0).task().agent()).isEqualTo("builtin");
        assertThat(ledger.publishRepo()).isEqualTo("finance/ledger");
        assertThat(b.items().get(2).publishRepo()).isEqualTo("acme/payments");
        assertThat(b.canary()).isEqualTo(1);
        assertThat(b.concurrency()).isEqualTo(3);
        assertThat(b.maxFailures()).isEqualTo(1);
        assertThat(b.publish().tokenEnv()).isEqualTo("AGENT_RUNTIME_PUBLISH_TOKEN");
    }

    @Test
    void everyProblemIsReportedAtOnceNamingItsField() {
        assertThatThrownBy(() -> BatchSpecs.parse("""
                id: "bad id"
                canary: 5
                concurrency: 0
                maxFailures: -1
                publish: {provider: bitbucket}
                repos: [a/svc, b/svc]
                template:
                  repo: x
                  instructions: i
                  model: {baseUrl: "http://127.0.0.1:1/v1", model: m}
                """, "batch.yaml", tmp))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("id: \"bad id\" is not valid")
                .hasMessageContaining("template.repo: not allowed")
                .hasMessageContaining("canary: 5 is not valid; use 0 to 2")
                .hasMessageContaining("concurrency: 0")
                .hasMessageContaining("maxFailures: -1")
                .hasMessageContaining("publish.provider: \"bitbucket\" is not supported")
                .hasMessageContaining("publish.repo: required");
    }

    @Test
    void duplicateNamesAndBadTaskFieldsNameTheRepository() {
        assertThatThrownBy(() -> BatchSpecs.parse("""
                id: b
                repos:
                  - one/svc
                  - two/svc
                  - repo: three/api
                    overrides: {agent: cursor}
                """ + TEMPLATE, "batch.yaml", tmp))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("repos[1]: name \"svc\" is also repos[0]'s")
                .hasMessageContaining("repos[2] (api): agent: \"cursor\" is not supported");
        assertThatThrownBy(() -> BatchSpecs.parse("id: b\nrepos: [x]\ntemplate: {instructions: i}\n", "batch.yaml", tmp))
                .hasMessageContaining("repos[0] (x): model: required");
        assertThatThrownBy(() -> BatchSpecs.parse("id: b\nreposFile: missing.txt\n" + TEMPLATE, "batch.yaml", tmp))
                .hasMessageContaining("reposFile: cannot read");
        assertThatThrownBy(() -> BatchSpecs.parse("id: b\nrepo: [x]\n" + TEMPLATE, "batch.yaml", tmp))
                .hasMessageContaining("unknown field \"repo\"");
    }

    @Test
    void theReposFileIsKeptInTheBatchSoResumeDoesNotDependOnIt() throws Exception {
        Path list = tmp.resolve("repos.txt");
        Files.writeString(list, "https://git.example.com/org1/api.git api-one\nhttps://git.example.com/org2/api.git api-two\n");
        Batch b = BatchSpecs.parse("id: b\nreposFile: repos.txt\npublish: {provider: github, repo: \"acme/{name}\", minInterval: 2s}\n" + TEMPLATE, "batch.yaml", tmp);
        assertThat(b.items()).extracting(Batch.Item::name).containsExactly("api-one", "api-two");
        Files.delete(list);
        Batch again = BatchSpecs.parse(b.source(), "batch.json", tmp);
        assertThat(again.items()).extracting(i -> i.task().id()).containsExactly("b-api-one", "b-api-two");
        assertThat(again.items()).extracting(Batch.Item::publishRepo).containsExactly("acme/api-one", "acme/api-two");
        assertThat(again.publish().minInterval()).hasSeconds(2);
        assertThat(again.items().get(1).task()).isEqualTo(b.items().get(1).task());
    }

    @Test
    void entriesThatCannotBeTwoRepositoriesAreRefused() throws Exception {
        Files.writeString(tmp.resolve("repos.txt"), "https://x/org1/api.git\nhttps://x/org2/api.git\nhttps://x/a b c\n");
        assertThatThrownBy(() -> BatchSpecs.parse("""
                id: b
                canary: -1
                reposFile: repos.txt
                publish: {provider: github, repo: acme/monorepo}
                repos:
                  - 
                  - https://x/one.git
                """ + TEMPLATE, "batch.yaml", tmp))
                .hasMessageContaining("canary: -1 is not valid") // reported together with the per-repository problems
                .hasMessageContaining("repos[0]: empty entry")
                .hasMessageContaining("reposFile line 2: name \"api\" is also reposFile line 1's")
                .hasMessageContaining("reposFile line 3: \"https://x/a b c\" has 3 words")
                .hasMessageContaining("publishes to acme/monorepo like one; each repository needs its own pull request");
    }

    @Test
    void namesComeFromTheRepositoryPath() {
        assertThat(BatchSpecs.nameOf("https://github.com/acme/billing-service.git")).isEqualTo("billing-service");
        assertThat(BatchSpecs.nameOf("git@github.com:acme/ledger.git")).isEqualTo("ledger");
        assertThat(BatchSpecs.nameOf("/srv/repos/payments/")).isEqualTo("payments");
    }
}
