package dev.agentruntime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruntime.demo.DemoScript;
import dev.agentruntime.demo.ExampleRepo;
import dev.agentruntime.model.ModelScript;
import dev.agentruntime.model.ScriptedModelServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: exit codes, bad-input messages, and the commands that read run directories. */
class CliTest {
    @TempDir
    Path tmp;

    record Result(int code, String out, String err) {}

    static synchronized Result cli(String... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            int code = Main.execute(args);
            return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    Result runTask(String yaml) throws Exception {
        Path task = tmp.resolve("task.yaml");
        Files.writeString(task, yaml);
        return cli("run", task.toString(), "--runs-dir", tmp.resolve("runs").toString());
    }

    @Test
    void missingFieldIsExit2AndNoRunIsCreated() throws Exception {
        Result r = runTask("repo: x\nmodel: {baseUrl: \"http://127.0.0.1:1/v1\", model: m}\n");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("instructions: required");
        assertThat(tmp.resolve("runs")).doesNotExist();
    }

    @Test
    void unknownFieldIsExit2() throws Exception {
        Result r = runTask("repo: x\ninstructions: y\nmodel: {baseUrl: \"http://127.0.0.1:1/v1\", model: m}\nbudget: {turns: 1}\n");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown field \"budget\"").contains("budgets");
        assertThat(tmp.resolve("runs")).doesNotExist();
    }

    @Test
    void wronglyTypedFieldIsExit2() throws Exception {
        Result r = runTask("repo: x\ninstructions: y\nmodel: {baseUrl: \"http://127.0.0.1:1/v1\", model: m}\nbudgets: {tokens: lots}\n");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("budgets.tokens").contains("\"lots\"").contains("whole number");
    }

    @Test
    void anUnencodableInstructionIsExit2NamingTheFieldAndNoRunDirectory() throws Exception {
        Result r = runTask("repo: x\ninstructions: \"fix \\uD800\"\nmodel: {baseUrl: \"http://127.0.0.1:1/v1\", model: m}\n");
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("instructions:").contains("surrogate");
        assertThat(tmp.resolve("runs")).doesNotExist();
    }

    @Test
    void listColumnsLineUpForLongIds() throws Exception {
        Path runs = tmp.resolve("runs");
        String[][] runsAndTasks = {{"r1", "t"}, {"20261127-231502-123-9f3a1c-with-a-much-longer-id", "a-task-id-longer-than-twenty-four-chars"}};
        for (String[] rt : runsAndTasks) {
            var task = dev.agentruntime.task.TaskSpecs.parse("id: " + rt[1] + "\nrepo: x\ninstructions: y\nmodel: {baseUrl: \"http://127.0.0.1:1/v1\", model: m}\n",
                    "task.yaml", tmp);
            new dev.agentruntime.run.TaskRunner(dev.agentruntime.run.RunOptions.defaults()).create(task, runs, rt[0]);
        }
        java.util.List<String> lines = cli("list", "--runs-dir", runs.toString()).out().lines().toList();
        String header = lines.get(0);
        assertThat(lines).hasSize(3);
        for (String[] rt : runsAndTasks) {
            String row = lines.stream().filter(l -> l.startsWith(rt[0] + " ")).findFirst().orElseThrow();
            assertThat(row.substring(header.indexOf("STATUS"))).startsWith("CREATED ");
            assertThat(row.substring(header.indexOf("RUNTIME"))).startsWith("alive ");
            assertThat(row.substring(header.indexOf("TASK"))).isEqualTo(rt[1]);
        }
    }

    @Test
    void unknownOptionIsExit2() {
        assertThat(cli("run", "--frobnicate").code()).isEqualTo(2);
        assertThat(cli("status", "nope", "--runs-dir", tmp.toString()).err()).contains("no run \"nope\"");
    }

    @Tag("docker")
    @Test
    void runStatusLogsAndList() throws Exception {
        ExampleRepo.Generated repo = ExampleRepo.calculator(tmp.resolve("repo"));
        try (ScriptedModelServer model = ScriptedModelServer.start(ModelScript.parse(DemoScript.YAML), 0)) {
            Path task = tmp.resolve("task.yaml");
            Files.writeString(task, DemoScript.task(repo.url(), model.baseUrl()));
            String runs = tmp.resolve("runs").toString();
            Result run = cli("run", task.toString(), "--runs-dir", runs, "--json");
            assertThat(run.code()).as(run.err()).isZero();
            var report = dev.agentruntime.common.Json.MAPPER.readTree(run.out());
            String id = report.get("runId").asText();
            assertThat(report.get("outcome").asText()).isEqualTo("SUCCEEDED");
            assertThat(run.err()).contains("turn 3").contains("edit_file").contains("pushed agent/fix-calc-add");

            assertThat(cli("status", id.substring(0, 22), "--runs-dir", runs).out()).contains("SUCCEEDED").contains("agent/fix-calc-add");
            assertThat(cli("list", "--runs-dir", runs).out()).contains(id).contains("SUCCEEDED");
            Result logs = cli("logs", id, "--runs-dir", runs, "--json");
            assertThat(logs.out().lines().count()).isEqualTo(Files.readAllLines(tmp.resolve("runs").resolve(id).resolve("events.jsonl")).size());
            assertThat(cli("logs", id, "--runs-dir", runs, "--follow").out()).contains("run finished: SUCCEEDED");
            assertThat(cli("cancel", id, "--runs-dir", runs).out()).contains("already ended");
            Result audit = cli("audit", "verify", id, "--runs-dir", runs);
            assertThat(audit.code()).as(audit.out()).isZero();
            assertThat(audit.out()).contains("audit OK").contains("through seq");
            Path events = tmp.resolve("runs").resolve(id).resolve("events.jsonl");
            Files.writeString(events, Files.readString(events).replace("\"branch\":\"agent/fix-calc-add\"", "\"branch\":\"agent/fix-calc-adD\""));
            Result tampered = cli("audit", "verify", id, "--runs-dir", runs);
            assertThat(tampered.code()).isEqualTo(1);
            assertThat(tampered.out()).contains("audit FAILED");
        }
    }

    @Tag("docker")
    @Test
    void handedOffRunIsExit1() throws Exception {
        ExampleRepo.Generated repo = ExampleRepo.calculator(tmp.resolve("repo"));
        try (ScriptedModelServer model = ScriptedModelServer.start(ModelScript.parse("turns: [{calls: [{tool: write_file, args: {path: calc.py, content: 'def add(a, b):\\n    return 0\\n'}}]}, {calls: [{tool: finish, args: {summary: broke it}}]}]"), 0)) {
            Result r = runTask(DemoScript.task(repo.url(), model.baseUrl()));
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.out()).contains("HANDED_OFF: verification failed");
        }
    }

    /** `demo --batch 3`: a real batch from the command line — three runs, exit 0, a report, the status command. */
    @Tag("docker")
    @Test
    void demoBatchAndBatchStatus() throws Exception {
        Path demo = tmp.resolve("demo");
        Result r = cli("demo", "--batch", "3", "--dir", demo.toString());
        try {
            assertThat(r.code()).as(r.out() + r.err()).isZero();
            assertThat(r.out()).contains("[batch] calc-1: SUCCEEDED").contains("[batch] batch fix-calc-everywhere FINISHED");
            Result status = cli("batch", "status", "fix-calc-everywhere", "--runs-dir", demo.resolve("runs").toString());
            assertThat(status.out()).contains("3 repositories: 3 succeeded").contains("| calc-3 | SUCCEEDED |");
            Result again = cli("batch", demo.resolve("batch.yaml").toString(), "--runs-dir", demo.resolve("runs").toString());
            assertThat(again.code()).isEqualTo(2);
            assertThat(again.err()).contains("batch fix-calc-everywhere already exists").contains("batch resume fix-calc-everywhere");
            Result missing = cli("batch", "resume", "nope", "--runs-dir", demo.resolve("runs").toString());
            assertThat(missing.code()).isEqualTo(2);
            assertThat(missing.err()).contains("no batch \"nope\"");
        } finally {
            try (var runs = Files.list(demo.resolve("runs"))) {
                runs.forEach(d -> dev.agentruntime.sandbox.DiskVolume.unmountAll(new dev.agentruntime.rundir.RunDirectory(d)));
            }
        }
    }
}
