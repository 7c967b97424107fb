package dev.agentruntime.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentruntime.common.Json;
import dev.agentruntime.common.Masker;
import dev.agentruntime.rundir.Status;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two canaries — one plain, one full of HTML-special characters — planted in every channel through which a secret
 * once left the runtime: the model's own text and tool arguments (session file, re-sent history), a commit subject
 * cut at 72 characters, report.html, a file written then deleted, a file in the agent home, file names, and the
 * content of a commit blocked for holding them. Then every byte the runtime wrote is searched, in every form the
 * masker knows (and for all but the value's last character): the run directory file by file (volumes mounted), every
 * git object of the workspace repository, the checkpoint bundles unpacked with git, the bare remote, and every
 * request the model received. The only place a canary may stay is a file the agent itself left in its workspace.
 */
@Tag("docker")
class SecretCanaryTest {
    @TempDir
    Path tmp;

    final String plain = "canary-" + System.nanoTime() + "-plain";
    final String html = "c&<an>\"a'ry-" + System.nanoTime();

    @Test
    void aCanaryInEveryChannelIsNowhereTheRuntimeWroteOrSent() {
        String summary = "x".repeat(72 - plain.length()) + plain + " is in the subject\nand " + html + " in the body";
        ArrayNode turns = Json.MAPPER.createArrayNode();
        turns.addObject().put("text", "The values are " + plain + " and " + html + ".").putArray("calls")
                .add(call("write", Map.of("path", "notes.txt", "content", plain + " " + html + "\n")));
        turns.addObject().putArray("calls").add(call("shell", Map.of("command",
                "mv notes.txt \"n-$CANARY-$HTML_CANARY\" && printf '%s %s\\n' \"$CANARY\" \"$HTML_CANARY\" > ~/home-note")));
        turns.addObject().putArray("calls").add(call("shell", Map.of("command", "rm -f n-* ~/home-note")));
        try (Scenario s = new Scenario(tmp.resolve("ok"), script(turns, true, summary))) {
            Scenario.Outcome o = run(s, "");
            assertThat(o.state().status()).as(o.state().reason()).isEqualTo(Status.SUCCEEDED);
            assertNowhere(s, o, List.of());
            assertThat(o.types()).contains("checkpoint.refused");
        }

        ArrayNode blocked = Json.MAPPER.createArrayNode();
        blocked.addObject().putArray("calls").add(call("shell", Map.of("command", "printf '%s %s\\n' \"$CANARY\" \"$HTML_CANARY\" > leak.txt")));
        try (Scenario s = new Scenario(tmp.resolve("blocked"), script(blocked, false, "done"))) {
            Scenario.Outcome o = run(s, "verify: [\"true\"]");
            assertThat(o.state().reason()).contains("commit was blocked");
            assertNowhere(s, o, List.of("workspace/leak.txt"));
        }
    }

    /** Each canary (its forms include the HTML-escaped ones a page would show) only in {@code agentsOwn} files of the run. */
    void assertNowhere(Scenario s, Scenario.Outcome o, List<String> agentsOwn) {
        Path imported = Leaks.importCheckpoints(o.dir(), s.repo.remote(), s.root.resolve("imported-" + System.nanoTime()));
        assertThat(Leaks.finder(html).reveals("a " + escaped(html) + " b")).isTrue();
        for (String value : List.of(plain, html)) {
            Masker finder = Leaks.finder(value);
            assertThat(Leaks.files(o.dir(), finder)).as("run directory files holding " + value).containsExactlyInAnyOrderElementsOf(agentsOwn);
            assertThat(Leaks.inObjects(o.workspace(), finder)).as("workspace objects").isFalse();
            assertThat(Leaks.inObjects(imported, finder)).as("checkpoint bundles").isFalse();
            assertThat(Leaks.inObjects(s.repo.remote(), finder)).as("the remote").isFalse();
            assertThat(s.model.requests()).as("model requests").noneMatch(r -> finder.reveals(r.body().toString()));
        }
    }

    Scenario.Outcome run(Scenario s, String extra) {
        String secrets = "secrets: [{name: CANARY, fromEnv: C1, phases: [agent]}, {name: HTML_CANARY, fromEnv: C2, phases: [agent]}]\n";
        Map<String, String> env = Map.of("C1", plain, "C2", html);
        return s.run(s.task(secrets + extra), new RunOptions(Agents.standard(), Map.of(), env::get));
    }

    /** {@code turns}, then the fix of calc.py (if asked), then finish with {@code summary}, as a model script (JSON is YAML). */
    static String script(ArrayNode turns, boolean fix, String summary) {
        if (fix) turns.addObject().putArray("calls").add(call("edit", Map.of("path", "calc.py", "old", "    return a - b", "new", "    return a + b")));
        turns.addObject().putArray("calls").add(call("finish", Map.of("summary", summary)));
        ObjectNode script = Json.object();
        script.set("turns", turns);
        return Json.write(script);
    }

    static ObjectNode call(String tool, Map<String, String> args) {
        ObjectNode c = Json.object().put("tool", tool);
        args.forEach(c.putObject("args")::put);
        return c;
    }

    /** As report.html escapes text. */
    static String escaped(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
