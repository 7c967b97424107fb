package dev.agentruntime.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruntime.common.Json;
import dev.agentruntime.common.Masker;
import dev.agentruntime.events.Event;
import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.rundir.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** report.html masks a secret before HTML-escaping it: escaped, it is no longer the text a masker looks for. */
class HtmlReportMaskingTest {
    @TempDir
    Path tmp;

    @Test
    void aSecretWithHtmlSpecialCharactersIsMaskedNotEscaped() throws Exception {
        String secret = "p&<ss>\"w'rd-" + System.nanoTime();
        RunDirectory dir = RunDirectory.create(tmp, "run-1");
        Files.writeString(dir.root().resolve("handoff.md"), "# Handoff\nthe key is " + secret + "\n");
        Report r = new Report(1, "run-1", "task", Status.HANDED_OFF, "failed near " + secret, false, "repo", "main", "agent/task", null,
                false, "builtin", "used " + secret, List.of(), null, null, null, null, null, null, List.of(), Instant.now(), Instant.now());
        Event said = new Event(1, 1, Instant.now(), "run-1", 1, "assistant.message", "agent", "agent",
                Json.object().put("text", "the model says " + secret), "0");
        Event turn = new Event(1, 2, Instant.now(), "run-1", 1, "turn.started", "agent", "agent", Json.object().put("turn", 1), "0");

        HtmlReport.write(dir, r, List.of(turn, said), new Masker(List.of(secret)));

        String page = Files.readString(dir.root().resolve(HtmlReport.FILE));
        assertThat(page).doesNotContain(HtmlReport.esc(secret)).doesNotContain(secret);
        assertThat(page).contains("failed near ****").contains("used ****").contains("the model says ****").contains("the key is ****");
    }
}
