package dev.agentruntime.batch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.agentruntime.demo.DemoScript;
import dev.agentruntime.demo.ExampleRepo;
import dev.agentruntime.git.Git;
import dev.agentruntime.model.ModelScript;
import dev.agentruntime.model.ScriptedModelServer;
import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.run.RunOptions;
import dev.agentruntime.sandbox.DiskVolume;
import dev.agentruntime.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batches of real runs (Docker sandboxes, git remotes, the built-in agent on scripted models) published to a GitHub
 * API served by WireMock: outcomes per repository and one report, a canary that stops the fan-out, and kill -9 of the
 * batch controller followed by {@code batch resume}.
 */
@Tag("docker")
class MigrationBatchTest {
    /** Checks the tests, then cannot fix them: verification fails, the run hands off. */
    static final String CANNOT = """
            turns:
              - calls: [{tool: edit, args: {path: calc.py, old: "    return a - b", new: "    return b - a"}}]
              - calls: [{tool: finish, args: {summary: "tried swapping"}}]
            """;

    @TempDir
    Path tmp;
    WireMockServer github;
    ScriptedModelServer good;
    final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void start() {
        github = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        github.start();
        // Every conversation follows the demo script by itself, so concurrent runs share this server.
        good = ScriptedModelServer.start(ModelScript.parse(DemoScript.YAML + "byConversation: true\n"), 0);
    }

    @AfterEach
    void stop() throws Exception {
        github.stop();
        good.close();
        for (AutoCloseable c : closing) c.close();
        Path runs = tmp.resolve("runs");
        if (Files.isDirectory(runs)) {
            try (Stream<Path> dirs = Files.list(runs)) {
                dirs.forEach(d -> DiskVolume.unmountAll(new RunDirectory(d)));
            }
        }
    }

    @Test
    void sixRepositoriesCanaryFirstTwoAtATimeOneReport() throws Exception {
        ScriptedModelServer cannot = ScriptedModelServer.start(ModelScript.parse(CANNOT), 0);
        closing.add(cannot);
        List<String> repos = repos(6);
        // calc-3 meets GitHub's rate limit twice: the batch waits it out and opens the pull request afterwards.
        github.stubFor(post(urlPathEqualTo("/repos/acme/calc-3/pulls")).inScenario("limit").whenScenarioStateIs("Started").willSetStateTo("once")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")));
        github.stubFor(post(urlPathEqualTo("/repos/acme/calc-3/pulls")).inScenario("limit").whenScenarioStateIs("once").willSetStateTo("done")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")));
        Path file = batchFile(repos, 1, Map.of(2, "{model: {baseUrl: \"" + cannot.baseUrl() + "\", model: scripted}}", 4, "{budgets: {turns: 2}}"));

        List<String> progress = new ArrayList<>();
        BatchDir.Status end = Batches.start(file, tmp.resolve("runs"), r -> new TaskRepoRuns(r, RunOptions.defaults()),
                Map.of("AGENT_RUNTIME_PUBLISH_TOKEN", "t0ken")::get, line -> { synchronized (progress) { progress.add(line); } }, r -> {}).status();

        JsonNode report = Json.MAPPER.readTree(tmp.resolve("runs/batches/fix-calc/report.json").toFile());
        assertThat(end).as(String.join("\n", progress)).isEqualTo(BatchDir.Status.FINISHED);
        Map<String, JsonNode> rows = rows(report);
        for (String ok : List.of("calc-0", "calc-1", "calc-3", "calc-5")) {
            assertThat(rows.get(ok).path("outcome").asText()).as(ok + " " + rows.get(ok)).isEqualTo("SUCCEEDED");
            assertThat(rows.get(ok).path("verify").asText()).isEqualTo("passed");
            assertThat(rows.get(ok).path("tokens").asLong()).isPositive();
            assertThat(remoteGit(ok, "show", "agent/fix-calc:calc.py")).contains(ExampleRepo.FIXED_LINE);
        }
        JsonNode failedVerify = rows.get("calc-2");
        assertThat(failedVerify.path("outcome").asText()).isEqualTo("HANDED_OFF");
        assertThat(failedVerify.path("verify").asText()).isEqualTo("failed");
        JsonNode overBudget = rows.get("calc-4");
        assertThat(overBudget.path("outcome").asText()).isEqualTo("HANDED_OFF");
        assertThat(overBudget.path("reason").asText()).containsIgnoringCase("turn");
        assertThat(report.path("totals").path("succeeded").asInt()).isEqualTo(4);
        assertThat(report.path("totals").path("handedOff").asInt()).isEqualTo(2);
        assertThat(report.path("handoffs")).extracting(h -> h.path("name").asText()).containsExactlyInAnyOrder("calc-2", "calc-4");
        assertThat(report.path("handoffs").findValuesAsText("summary")).allMatch(s -> s.contains("--continue-from"));
        assertThat(Files.readString(tmp.resolve("runs/batches/fix-calc/report.md"))).contains("| calc-2 | HANDED_OFF |").contains("## Handed off and failed");
        assertThat(Files.readString(tmp.resolve("runs/batches/fix-calc/report.html"))).contains("<table id=\"repos\">").contains("calc-4");

        // The canary ran alone: the second run began after the first ended.
        List<JsonNode> byStart = new ArrayList<>(rows.values());
        byStart.sort(Comparator.comparing(r -> Instant.parse(r.path("startedAt").asText())));
        assertThat(byStart.get(0).path("name").asText()).isEqualTo("calc-0");
        assertThat(Instant.parse(byStart.get(1).path("startedAt").asText())).isAfterOrEqualTo(Instant.parse(byStart.get(0).path("finishedAt").asText()));
        assertThat(maxOverlap(rows.values())).isEqualTo(2);

        // One pull request per repository (handed-off work as drafts), one branch per repository.
        for (String name : repos.stream().map(this::nameOf).toList()) {
            assertThat(rows.get(name).path("prNumber").asInt()).as(name + " " + rows.get(name)).isEqualTo(7);
            assertThat(remoteGit(name, "for-each-ref", "--format=%(refname)", "refs/heads/agent/").strip()).isEqualTo("refs/heads/agent/fix-calc");
        }
        assertThat(github.findAll(postRequestedFor(urlPathEqualTo("/repos/acme/calc-3/pulls")))).hasSize(3);
        for (String name : List.of("calc-0", "calc-1", "calc-2", "calc-4", "calc-5")) {
            assertThat(github.findAll(postRequestedFor(urlPathEqualTo("/repos/acme/" + name + "/pulls")))).hasSize(1);
        }
        assertThat(github.findAll(postRequestedFor(urlPathEqualTo("/repos/acme/calc-2/pulls"))).get(0).getBodyAsString()).contains("\"draft\":true");
        // One pull-request operation at a time, spaced by publish.minInterval (1 s) across the whole batch.
        List<Instant> posts = github.getAllServeEvents().stream().filter(e -> e.getRequest().getMethod().getName().equals("POST"))
                .map(ServeEvent::getRequest).map(r -> r.getLoggedDate().toInstant()).sorted().toList();
        for (int i = 1; i < posts.size(); i++) assertThat(java.time.Duration.between(posts.get(i - 1), posts.get(i)).toMillis()).isGreaterThanOrEqualTo(900);
    }

    @Test
    void aCanaryThatFailsStopsTheFanOut() throws Exception {
        ScriptedModelServer cannot = ScriptedModelServer.start(ModelScript.parse(CANNOT), 0);
        closing.add(cannot);
        List<String> repos = repos(3);
        Path file = batchFile(repos, 1, Map.of(0, "{model: {baseUrl: \"" + cannot.baseUrl() + "\", model: scripted}}"));
        BatchDir.Status end = Batches.start(file, tmp.resolve("runs"), r -> new TaskRepoRuns(r, RunOptions.defaults()),
                Map.of("AGENT_RUNTIME_PUBLISH_TOKEN", "t0ken")::get, line -> {}, r -> {}).status();
        assertThat(end).isEqualTo(BatchDir.Status.STOPPED);
        Map<String, JsonNode> rows = rows(Json.MAPPER.readTree(tmp.resolve("runs/batches/fix-calc/report.json").toFile()));
        assertThat(rows.get("calc-0").path("outcome").asText()).isEqualTo("HANDED_OFF");
        for (String name : List.of("calc-1", "calc-2")) {
            assertThat(rows.get(name).path("outcome").asText()).isEqualTo("SKIPPED");
            assertThat(rows.get(name).path("reason").asText()).contains("canary calc-0 ended HANDED_OFF");
            assertThat(rows.get(name).has("runId")).isFalse();
            assertThat(remoteGit(name, "for-each-ref", "refs/heads/agent/")).isBlank();
        }
        try (Stream<Path> runs = Files.list(tmp.resolve("runs"))) {
            assertThat(runs.filter(p -> !p.getFileName().toString().equals("batches") && !p.getFileName().toString().startsWith("."))).hasSize(1);
        }
    }

    @Test
    void killedControllerResumesWithoutRerunningOrDuplicating() throws Exception {
        List<String> repos = repos(6);
        Path file = batchFile(repos, 1, Map.of());
        Path runs = tmp.resolve("runs");
        Process first = controller(runs, "batch", file.toString());
        // Wait for two finished repositories and one caught inside its run, then kill -9 the controller.
        Path records = runs.resolve("batches/fix-calc/repos");
        long until = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < until && !(count(records, "SUCCEEDED") >= 2 && midRun(runs, records))) {
            assertThat(first.isAlive()).as("the batch ended before it could be killed:\n%s", log(first)).isTrue();
            Thread.sleep(100);
        }
        assertThat(count(records, "SUCCEEDED") >= 2 && midRun(runs, records)).as("killed with two repositories done and one mid-run").isTrue();
        first.destroyForcibly();
        first.waitFor();
        Map<String, JsonNode> before = records(records);
        assertThat(before.values().stream().filter(r -> r.path("outcome").asText().equals("SUCCEEDED"))).hasSizeGreaterThanOrEqualTo(2);
        Map<String, Long> finishedEvents = new HashMap<>();
        before.values().stream().filter(r -> r.path("outcome").asText().equals("SUCCEEDED"))
                .forEach(r -> finishedEvents.put(r.path("name").asText(), size(runs.resolve(r.path("runId").asText()).resolve("events.jsonl"))));

        Process second = controller(runs, "batch", "resume", "fix-calc");
        assertThat(second.waitFor()).as(log(second)).isZero();

        Map<String, JsonNode> after = records(records);
        assertThat(after.values()).allMatch(r -> r.path("outcome").asText().equals("SUCCEEDED"), "all succeeded");
        finishedEvents.forEach((name, bytes) -> {
            assertThat(after.get(name).path("runId").asText()).isEqualTo(before.get(name).path("runId").asText());
            assertThat(size(runs.resolve(after.get(name).path("runId").asText()).resolve("events.jsonl"))).as(name + " not run again").isEqualTo(bytes);
        });
        before.values().stream().filter(r -> r.hasNonNull("runId"))
                .forEach(r -> assertThat(after.get(r.path("name").asText()).path("runId").asText()).isEqualTo(r.path("runId").asText()));
        try (Stream<Path> dirs = Files.list(runs)) {
            assertThat(dirs.filter(p -> !p.getFileName().toString().equals("batches") && !p.getFileName().toString().startsWith("."))).as("one run per repository").hasSize(6);
        }
        for (String name : repos.stream().map(this::nameOf).toList()) {
            assertThat(remoteGit(name, "for-each-ref", "--format=%(refname)", "refs/heads/agent/").strip()).isEqualTo("refs/heads/agent/fix-calc");
            assertThat(remoteGit(name, "show", "agent/fix-calc:calc.py")).contains(ExampleRepo.FIXED_LINE);
            assertThat(github.findAll(postRequestedFor(urlPathEqualTo("/repos/acme/" + name + "/pulls")))).as(name).hasSize(1);
        }
    }

    /**
     * Runs whose runtime died before they had a branch — inside create (a directory without state.json) or while
     * provisioning — cannot be resumed, but nothing of them left the machine: the batch starts them again under the
     * same run id, and they end with one branch on the remote.
     */
    @Test
    void runsKilledBeforeTheirBranchExistedStartAgainUnderTheSameRunId() throws Exception {
        List<String> repos = repos(2);
        Batch batch = BatchSpecs.load(batchFile(repos, 0, Map.of()));
        Path runs = tmp.resolve("runs");
        Files.createDirectories(runs.resolve("half-created"));
        RunDirectory provisioning = new dev.agentruntime.run.TaskRunner(RunOptions.defaults()).create(batch.items().get(1).task(), runs, "died-provisioning");
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        provisioning.writeState(provisioning.readState().withStatus(dev.agentruntime.rundir.Status.PROVISIONING, null)
                .withOwner(gone.pid(), dev.agentruntime.rundir.Heartbeat.hostName()));

        TaskRepoRuns taskRuns = new TaskRepoRuns(runs, RunOptions.defaults());
        RunSummary first = taskRuns.run("half-created", batch.items().get(0));
        RunSummary second = taskRuns.run("died-provisioning", batch.items().get(1));
        assertThat(first.outcome()).as(first.reason()).isEqualTo(RepoRecord.Outcome.SUCCEEDED);
        assertThat(second.outcome()).as(second.reason()).isEqualTo(RepoRecord.Outcome.SUCCEEDED);
        assertThat(new RunDirectory(runs.resolve("died-provisioning")).readState().runId()).isEqualTo("died-provisioning");
        for (String name : List.of("calc-0", "calc-1")) {
            assertThat(remoteGit(name, "for-each-ref", "--format=%(refname)", "refs/heads/agent/").strip()).isEqualTo("refs/heads/agent/fix-calc");
        }
    }

    /** A refused pull request leaves the run's outcome alone, fails the batch's exit, and `batch resume` publishes it. */
    @Test
    void aPublishThatFailsIsRetriedByResumeWithoutRunningAgain() throws Exception {
        List<String> repos = repos(2);
        github.stubFor(post(urlPathEqualTo("/repos/acme/calc-1/pulls")).atPriority(1).willReturn(json("{\"message\": \"Validation Failed\"}").withStatus(422)));
        Path file = batchFile(repos, 0, Map.of());
        Path runs = tmp.resolve("runs");
        Batches.Result first = Batches.start(file, runs, r -> new TaskRepoRuns(r, RunOptions.defaults()),
                Map.of("AGENT_RUNTIME_PUBLISH_TOKEN", "t0ken")::get, l -> {}, r -> {});
        assertThat(first.status()).isEqualTo(BatchDir.Status.FINISHED);
        assertThat(first.allSucceeded()).isFalse();
        Map<String, JsonNode> rows = records(runs.resolve("batches/fix-calc/repos"));
        assertThat(rows.get("calc-1").path("outcome").asText()).isEqualTo("SUCCEEDED");
        assertThat(rows.get("calc-1").path("publishError").asText()).contains("422");
        long events = size(runs.resolve(rows.get("calc-1").path("runId").asText()).resolve("events.jsonl"));

        github.removeStub(github.getStubMappings().stream().filter(m -> m.getPriority() != null && m.getPriority() == 1).findFirst().orElseThrow());
        Batches.Result second = Batches.resume("fix-calc", runs, r -> new TaskRepoRuns(r, RunOptions.defaults()),
                Map.of("AGENT_RUNTIME_PUBLISH_TOKEN", "t0ken")::get, l -> {}, r -> {});
        assertThat(second.allSucceeded()).isTrue();
        JsonNode calc1 = records(runs.resolve("batches/fix-calc/repos")).get("calc-1");
        assertThat(calc1.path("prNumber").asInt()).isEqualTo(7);
        assertThat(calc1.has("publishError")).isFalse();
        assertThat(size(runs.resolve(calc1.path("runId").asText()).resolve("events.jsonl"))).as("not run again").isEqualTo(events);
        assertThat(github.findAll(postRequestedFor(urlPathEqualTo("/repos/acme/calc-0/pulls")))).hasSize(1);
    }

    /** SIGTERM to the controller: the run in flight is cancelled and removes its sandbox, the batch ends CANCELLED with a report. */
    @Test
    void sigtermCancelsTheRunsInFlightAndWritesTheReport() throws Exception {
        List<String> repos = repos(3);
        Path runs = tmp.resolve("runs");
        Process batch = controller(runs, "batch", batchFile(repos, 0, Map.of()).toString());
        Path records = runs.resolve("batches/fix-calc/repos");
        long until = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < until && !midRun(runs, records)) {
            assertThat(batch.isAlive()).as("the batch ended before it could be stopped:\n%s", log(batch)).isTrue();
            Thread.sleep(50);
        }
        batch.destroy(); // SIGTERM
        assertThat(batch.waitFor()).as(log(batch)).isEqualTo(143); // 128 + SIGTERM, after the shutdown hook finished
        JsonNode report = Json.MAPPER.readTree(runs.resolve("batches/fix-calc/report.json").toFile());
        assertThat(report.path("status").asText()).isEqualTo("CANCELLED");
        assertThat(report.path("totals").path("cancelled").asInt()).as(report.toPrettyString()).isPositive();
        for (JsonNode r : records(records).values()) {
            assertThat(r.path("outcome").asText()).isIn("SUCCEEDED", "CANCELLED", "SKIPPED");
            if (r.hasNonNull("runId")) {
                var ps = dev.agentruntime.util.Proc.of("docker", "ps", "-a", "-q", "--filter", "label=agent-runtime.run=" + r.path("runId").asText()).run();
                assertThat(ps.stdout()).as("sandbox of " + r.path("name").asText()).isBlank();
            }
        }
    }

    // --- fixtures ---

    /** {@code n} calculator repositories with bare remotes, and a GitHub API for acme/calc-i. */
    List<String> repos(int n) throws IOException {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = "calc-" + i;
            out.add(ExampleRepo.calculator(tmp.resolve("repos").resolve(name)).url());
            stubGitHub(name);
        }
        return out;
    }

    String nameOf(String url) {
        return Path.of(url).getParent().getFileName().toString();
    }

    Path batchFile(List<String> repos, int canary, Map<Integer, String> overrides) throws IOException {
        StringBuilder y = new StringBuilder("""
                id: fix-calc
                canary: %d
                concurrency: 2
                schedule: "H 3 * * 1"
                publish: {provider: github, repo: "acme/{name}", baseUrl: "%s", minInterval: 1s}
                template:
                  instructions: Fix the failing test in calc.py.
                  model: {baseUrl: "%s", model: scripted}
                  verify: ["python3 run_tests.py"]
                  budgets: {turns: 10, wallClock: 5m}
                repos:
                """.formatted(canary, github.baseUrl(), good.baseUrl()));
        for (int i = 0; i < repos.size(); i++) {
            y.append("  - {repo: \"").append(repos.get(i)).append("\", name: ").append(nameOf(repos.get(i)));
            if (overrides.containsKey(i)) y.append(", overrides: ").append(overrides.get(i));
            y.append("}\n");
        }
        Path f = tmp.resolve("batch.yaml");
        Files.writeString(f, y);
        return f;
    }

    void stubGitHub(String name) throws IOException {
        String pr, repo;
        try (var a = getClass().getResourceAsStream("/publish/github-pull.json"); var b = getClass().getResourceAsStream("/publish/github-repository.json")) {
            pr = fixture(a, name);
            repo = fixture(b, name);
        }
        String base = "/repos/acme/" + name;
        String scenario = "pr-" + name;
        github.stubFor(get(urlPathEqualTo(base)).willReturn(json(repo)));
        github.stubFor(get(urlPathEqualTo(base + "/pulls")).inScenario(scenario).whenScenarioStateIs("Started").willReturn(json("[]")));
        github.stubFor(post(urlPathEqualTo(base + "/pulls")).atPriority(5).inScenario(scenario).willSetStateTo("opened")
                .willReturn(json(pr).withStatus(201)));
        github.stubFor(get(urlPathEqualTo(base + "/pulls")).inScenario(scenario).whenScenarioStateIs("opened").willReturn(json("[" + pr + "]")));
        github.stubFor(patch(urlPathMatching(base + "/(pulls|issues)/7")).willReturn(json(pr)));
    }

    String fixture(java.io.InputStream in, String name) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("{{API}}", github.baseUrl()).replace("acme/calc", "acme/" + name);
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withHeader("Content-Type", "application/json").withBody(body);
    }

    String remoteGit(String name, String... args) {
        var r = new Git(tmp.resolve("repos").resolve(name).resolve("origin.git")).run(args);
        return r.ok() ? r.stdout() : "ERROR " + r.diagnostic();
    }

    static Map<String, JsonNode> rows(JsonNode report) {
        Map<String, JsonNode> m = new HashMap<>();
        report.path("repos").forEach(r -> m.put(r.path("name").asText(), r));
        return m;
    }

    /** Most runs of the batch whose [startedAt, finishedAt] overlap at one instant. */
    static int maxOverlap(java.util.Collection<JsonNode> rows) {
        int max = 0;
        for (JsonNode r : rows) {
            Instant t = Instant.parse(r.path("startedAt").asText());
            int n = 0;
            for (JsonNode o : rows) {
                if (!Instant.parse(o.path("startedAt").asText()).isAfter(t) && Instant.parse(o.path("finishedAt").asText()).isAfter(t)) n++;
            }
            max = Math.max(max, n);
        }
        return max;
    }

    Process controller(Path runs, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "dev.agentruntime.cli.Main"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--runs-dir", runs.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("controller-" + System.nanoTime() + ".log").toFile());
        pb.environment().put("AGENT_RUNTIME_PUBLISH_TOKEN", "t0ken");
        return pb.start();
    }

    String log(Process p) throws IOException {
        try (Stream<Path> logs = Files.list(tmp)) {
            StringBuilder b = new StringBuilder();
            for (Path l : logs.filter(f -> f.getFileName().toString().startsWith("controller-")).sorted().toList()) b.append(Files.readString(l));
            return b.toString();
        }
    }

    static Map<String, JsonNode> records(Path dir) throws IOException {
        Map<String, JsonNode> m = new HashMap<>();
        if (!Files.isDirectory(dir)) return m;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                try {
                    JsonNode r = Json.MAPPER.readTree(f.toFile());
                    m.put(r.path("name").asText(), r);
                } catch (IOException beingReplaced) {
                    // atomic replace: read it next time
                }
            }
        }
        return m;
    }

    static long count(Path dir, String outcome) throws IOException {
        return records(dir).values().stream().filter(r -> r.path("outcome").asText().equals(outcome)).count();
    }

    /** A repository whose run is inside its agent loop (RUNNING, past provisioning). */
    static boolean midRun(Path runs, Path dir) throws IOException {
        for (JsonNode r : records(dir).values()) {
            if (!r.path("outcome").asText().equals("RUNNING") || !r.hasNonNull("runId")) continue;
            Path state = runs.resolve(r.path("runId").asText()).resolve("state.json");
            try {
                if (Files.exists(state) && Json.MAPPER.readTree(state.toFile()).path("status").asText().equals("RUNNING")) return true;
            } catch (IOException beingReplaced) {
                // next poll
            }
        }
        return false;
    }

    static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
