package dev.agentruntime.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruntime.common.Json;
import dev.agentruntime.events.EventLog;
import dev.agentruntime.rundir.RunDirectory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Agent runs page stays bounded on a large run: an event log written with the runtime's own EventLog, far past
 * every cap — the view keeps the last turns, a turn's first items, cut texts and capped tables, and counts what it
 * left out, while the totals still count everything.
 */
class RunViewTest {
    @TempDir
    Path tmp;

    @Test
    void aLargeRunIsCutAndWhatWasLeftOutIsCounted() {
        RunDirectory dir = RunDirectory.create(tmp, "run-1");
        try (EventLog log = EventLog.open(dir.events(), "run-1")) {
            log.append("agent.started", "agent", Json.object().put("agent", "builtin").put("model", "m"));
            for (int turn = 1; turn <= 60; turn++) {
                log.append("turn.started", "agent", turn, Json.object().put("turn", turn));
                log.append("model.response", "model", turn, Json.object().put("millis", 100)
                        .set("usage", Json.object().put("input", 10).put("output", 2).put("cached", 1)));
                log.append("assistant.message", "agent", turn, Json.object().put("text", "x".repeat(10_000)));
                int calls = turn == 60 ? 45 : 1;
                for (int c = 0; c < calls; c++) {
                    String id = "call_" + turn + "_" + c;
                    log.append("tool.call", "agent", turn, Json.object().put("callId", id).put("name", "bash")
                            .set("arguments", Json.object().put("command", "echo " + c)));
                    log.append("tool.result", "sandbox", turn, Json.object().put("callId", id).put("name", "bash").put("status", "ok")
                            .put("exitCode", 0).put("outputTail", "out " + c));
                }
                for (int d = 0; d < 2; d++) {
                    log.append("policy.denied", "runtime", turn, Json.object().put("action", "shell").put("subject", "git push").put("rule", 0)
                            .put("reason", "no"));
                }
                log.append("egress.request", "sandbox", turn, Json.object().put("host", "h" + turn).put("port", 443).put("phase", "agent")
                        .put("allowed", false).put("reason", "not allowed"));
                log.append("egress.request", "sandbox", turn, Json.object().put("host", "pypi.acme.internal").put("port", 443).put("phase", "agent")
                        .put("allowed", true));
            }
        }

        RunView v = RunView.read(dir.root());

        assertThat(v.stats().turns()).isEqualTo(60);
        assertThat(v.stats().toolCalls()).isEqualTo(59 + 45);
        assertThat(v.stats().inputTokens()).isEqualTo(600);
        assertThat(v.stats().totalTokens()).isEqualTo(720);
        assertThat(v.stats().modelTime()).isEqualTo("6.0 s");
        assertThat(v.earlierTurns()).isEqualTo(10);
        assertThat(v.turns()).hasSize(RunView.MAX_TURNS).first().satisfies(t -> assertThat(t.number()).isEqualTo(11));
        RunView.Turn last = v.turns().get(v.turns().size() - 1);
        // message, 45 calls (each result folded into its call), two denial notes: 48 items, 40 shown
        assertThat(last.items()).hasSize(RunView.MAX_ITEMS);
        assertThat(last.moreItems()).isEqualTo(48 - RunView.MAX_ITEMS);
        assertThat(last.items().get(0).text()).hasSizeLessThanOrEqualTo(RunView.MAX_TEXT);
        assertThat(last.items().get(1)).satisfies(i -> {
            assertThat(i.kind()).isEqualTo("call");
            assertThat(i.arguments()).isEqualTo("{\"command\":\"echo 0\"}");
            assertThat(i.status()).isEqualTo("ok");
            assertThat(i.output()).isEqualTo("out 0");
        });
        assertThat(v.decisions()).hasSize(RunView.MAX_ROWS);
        assertThat(v.egress().allowed()).isEqualTo(60);
        assertThat(v.egress().denied()).isEqualTo(60);
        assertThat(v.egress().denials()).hasSize(60);
        assertThat(v.verification().passed()).isNull();
    }
}
