package dev.agentruntime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruntime.common.BadInputException;
import dev.agentruntime.run.RunOptions;
import dev.agentruntime.run.TaskRunner;
import dev.agentruntime.task.TaskSpec;
import dev.agentruntime.task.TaskSpecs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated mutations of a valid task file, seeded (-Dfuzz.seed=N repeats a run, the seed is printed; -Dfuzz.cases=N for more): each either
 * validates, or `agent-runtime run` exits 2 with every problem naming a field (or a line and column) and leaves no run
 * directory — never another exception, never exit 1.
 */
class TaskFileFuzzTest {
    static final int CASES = Integer.getInteger("fuzz.cases", 300);
    /** How each problem starts: a field path such as budgets.turns or secrets[0].phases, or where the syntax broke. */
    static final String KEY = "([A-Za-z0-9_-]+|\"([^\"\\\\]|\\\\.)*\")(\\[\\d+])*";
    static final Pattern NAMES_A_FIELD = Pattern.compile(
            "^(\\(document\\)|line \\d+(, column \\d+)?|(" + KEY + "|(\\[\\d+])+)(\\." + KEY + ")*): \\S.*", Pattern.DOTALL);

    static final String VALID = """
            id: fix-calc
            repo: ./repo
            baseBranch: main
            instructions: |
              Fix the failing test in calc.py.
            agent: builtin
            model:
              baseUrl: http://127.0.0.1:8080/v1
              model: scripted
              apiKeyEnv: MODEL_KEY
            setup:
              - pip install --user -r requirements.txt
            verify:
              commands: ["python3 run_tests.py"]
              timeout: 15m
              compareWithBase: false
            budgets: {wallClock: 30m, turns: 50, tokens: 2000000}
            branch: agent/{taskId}
            sandbox: {memory: 2g, cpus: 1.0, pids: 512, readOnlyRoot: true, disk: 4g}
            recovery: {maxRestarts: 2}
            egress:
              allow: ["pypi.acme.internal", "*.files.acme.internal"]
              setup: ["debian.acme.internal:80"]
            secrets:
              - {name: NPM_TOKEN, fromEnv: CI_NPM_TOKEN, phases: [setup]}
            approvals: {timeout: 30m}
            stall: {after: 5m, loopRepeats: 5}
            """;

    /** Values that once got through, or that a parser might take for something else. */
    static final String[] NASTY = {
        "", "~", "0", "-1", "1.5", "1e9", "99999999999", "0x1F", "true", "no", "\"0\"", "\"\"", "[]", "{}", "[a, b]",
        "{a: 1}", "\"\\uD800\"", "\"a\\udc00b\"", "\"a\\0b\"", "\"\\x00\"", "x.lock.", "HEAD", "a/b.lock.", "\"a..b\"",
        "\"-x\"", "@", "\"" + "x".repeat(300) + "\"", "\"" + "\uD83D\uDE00".repeat(100) + "\"", "&a x", "*a", "!!int \"5\"",
        "!custom x", "\"localhost:-1\"", "\"localhost:99999\"", "http://h:99999/v1", "ftp://x", "\"5 parsecs\"", "PT-5M",
        ".inf", ".nan", "\"{taskId}\"", "\"{runId}/{date}\"", "\"agent/{taskId}.lock\"", "'", "\"", "[", "{", "- x", "? x",
        "| \n  text", "> \n  text", "%YAML 1.2", "---", "...", "#", "\t", "\"\\t\"", "é", "\uD83D\uDE00", "[\"*.\"]", "[\"*\"]",
        "[setup, nowhere]", "[{name: 1}]",
    };

    @TempDir
    Path tmp;

    @Test
    void everyMutationValidatesOrIsExit2NamingAFieldWithoutARunDirectory() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.println("TaskFileFuzzTest seed: " + seed + " (repeat with -Dfuzz.seed=" + seed + ")");
        Random random = new Random(seed);
        Path runs = tmp.resolve("runs");
        int valid = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] file = mutate(VALID, random);
            Path task = tmp.resolve("task-" + i + ".yaml");
            Files.write(task, file);
            String what = "seed " + seed + ", case " + i + ":\n" + new String(file, StandardCharsets.UTF_8);
            TaskSpec spec;
            try {
                spec = TaskSpecs.load(task);
            } catch (BadInputException e) {
                assertThat(e.problems()).as(what).isNotEmpty().allMatch(p -> NAMES_A_FIELD.matcher(p).matches());
                CliTest.Result r = CliTest.cli("run", task.toString(), "--runs-dir", runs.toString());
                assertThat(r.code()).as(what + "\n" + r.err()).isEqualTo(Main.BAD_INPUT);
                assertThat(r.err()).as(what).startsWith("invalid ");
                assertThat(runs).as(what).doesNotExist();
                continue;
            } catch (RuntimeException e) {
                throw new AssertionError("not a BadInputException for " + what, e);
            }
            valid++;
            // What validates must also become a run directory without an exception (task.json is written there).
            Path validRuns = tmp.resolve("valid-runs");
            try {
                new TaskRunner(RunOptions.defaults()).create(spec, validRuns, null);
            } catch (RuntimeException e) {
                throw new AssertionError("a validated task could not be created: " + what, e);
            }
        }
        System.out.println("TaskFileFuzzTest: " + valid + " of " + CASES + " mutations validated, the rest were exit 2");
        assertThat(valid).as("the mutations must not all break the file").isPositive().isLessThan(CASES);
    }

    /** Raw bytes no editor should save into a task file: not UTF-8, a CESU-encoded surrogate, NUL. */
    static final byte[][] RAW = {{(byte) 0xC3, 0x28}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {0}};

    /** One to three edits of {@code yaml}: a value replaced, a line duplicated, dropped or shifted, characters or bytes inserted, a cut. */
    static byte[] mutate(String yaml, Random random) {
        List<String> lines = new ArrayList<>(Arrays.asList(yaml.split("\n")));
        int edits = 1 + random.nextInt(3);
        byte[] raw = null;
        for (int n = 0; n < edits; n++) {
            int at = random.nextInt(lines.size());
            String line = lines.get(at);
            switch (random.nextInt(9)) {
                case 0, 1, 2, 3 -> { // replace the value of a "key: value" line (the most common mistake)
                    int colon = line.indexOf(": ");
                    String value = NASTY[random.nextInt(NASTY.length)];
                    lines.set(at, colon > 0 ? line.substring(0, colon + 2) + value : line + " " + value);
                }
                case 4 -> lines.add(at, line); // a duplicate key
                case 5 -> lines.remove(at);
                case 6 -> lines.set(at, (random.nextBoolean() ? "  " : "") + line.stripLeading());
                case 7 -> { // a character YAML gives meaning to, inside a line
                    String chars = ":-[]{}&*!#'\"|>%@`,? \t\\";
                    int pos = random.nextInt(line.length() + 1);
                    lines.set(at, line.substring(0, pos) + chars.charAt(random.nextInt(chars.length())) + line.substring(pos));
                }
                default -> raw = RAW[random.nextInt(RAW.length)];
            }
        }
        byte[] text = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        if (raw != null) {
            int pos = random.nextInt(text.length);
            byte[] out = new byte[text.length + raw.length];
            System.arraycopy(text, 0, out, 0, pos);
            System.arraycopy(raw, 0, out, pos, raw.length);
            System.arraycopy(text, pos, out, pos + raw.length, text.length - pos);
            return out;
        }
        if (random.nextInt(10) == 0) return Arrays.copyOf(text, random.nextInt(text.length)); // cut short
        return text;
    }
}
