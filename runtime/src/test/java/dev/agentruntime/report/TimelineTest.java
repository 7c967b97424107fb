package dev.agentruntime.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruntime.common.Json;
import dev.agentruntime.common.Masker;
import dev.agentruntime.events.Event;
import dev.agentruntime.events.EventReader;
import dev.agentruntime.report.Timeline.Bar;
import dev.agentruntime.report.Timeline.Lane;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * The timeline of a real run's events.jsonl (src/test/resources/report/events-approval-run.jsonl: the built-in agent on
 * the scripted model, `agent-runtime run` with a policy that asks before a CI workflow is written — allowed by alice
 * with `agent-runtime approve` — and denies `git push`; one egress attempt denied; verification passed).
 */
class TimelineTest {
    final List<Event> events = EventReader.readAll(resource("report/events-approval-run.jsonl"));
    final Instant t0 = events.get(0).ts();

    @Test
    void eachPhaseTurnToolApprovalCheckpointAndVerifyCommandIsASpanOfTheRealLog() {
        Timeline t = Timeline.of(events);

        assertThat(t.length).isEqualTo(at(events.get(events.size() - 1)));
        assertThat(t.turns).extracting(x -> x[0]).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);

        // Phases: from one state.changed to the next.
        assertThat(lane(t, Lane.RUN)).extracting(Bar::fill).containsExactly(Timeline.PROVISIONING, Timeline.RUNNING, Timeline.WAITING,
                Timeline.RUNNING, Timeline.VERIFYING);
        Bar provisioning = lane(t, Lane.RUN).get(0);
        assertThat(provisioning.from()).isEqualTo(at(find("state.changed", "to", "PROVISIONING")));
        assertThat(provisioning.to()).isEqualTo(at(find("state.changed", "to", "RUNNING")));

        // Model time: each model.response's millis, ending when it was recorded.
        List<Event> responses = events.stream().filter(e -> e.type().equals("model.response")).toList();
        assertThat(lane(t, Lane.MODEL)).hasSize(7);
        for (int i = 0; i < 7; i++) {
            Bar b = lane(t, Lane.MODEL).get(i);
            assertThat(b.to()).isEqualTo(at(responses.get(i)));
            assertThat(b.to() - b.from()).isEqualTo(responses.get(i).data().path("millis").asLong());
            assertThat(b.title()).startsWith("turn " + (i + 1) + ": model ");
        }

        // Tool calls: call to result; the failing test run and the denied push in red.
        assertThat(lane(t, Lane.TOOLS)).extracting(Bar::fill).containsExactly(Timeline.ERROR, Timeline.TOOL, Timeline.TOOL, Timeline.ERROR,
                Timeline.TOOL, Timeline.TOOL, Timeline.TOOL);
        Bar write = lane(t, Lane.TOOLS).get(1);
        assertThat(write.title()).startsWith("turn 2: write_file → ok");
        assertThat(write.to() - write.from()).isEqualTo(at(find("tool.result", "name", "write_file")) - at(find("tool.call", "name", "write_file")));

        // The approval waited from request to decision; the policy's denial is a mark.
        assertThat(lane(t, Lane.APPROVALS)).hasSize(2);
        Bar approval = lane(t, Lane.APPROVALS).get(0);
        assertThat(approval.from()).isEqualTo(at(find("approval.requested", "id", "ap-0001")));
        assertThat(approval.to()).isEqualTo(at(find("approval.decided", "id", "ap-0001")));
        assertThat(approval.title()).contains("ap-0001 write .github/workflows/ci.yml: allow by alice");
        Bar denial = lane(t, Lane.APPROVALS).get(1);
        assertThat(denial.from()).isEqualTo(denial.to()).isEqualTo(at(find("policy.denied", "action", "shell")));
        assertThat(denial.title()).isEqualTo("turn 4: denied by policy: shell git push origin HEAD");

        assertThat(lane(t, Lane.CHECKPOINTS)).hasSize(3).allSatisfy(b -> assertThat(b.fill()).isEqualTo(Timeline.CHECKPOINT));
        assertThat(lane(t, Lane.VERIFY)).singleElement().satisfies(b -> {
            assertThat(b.fill()).isEqualTo(Timeline.VERIFYING);
            assertThat(b.title()).startsWith("python3 run_tests.py → exit 0, ");
        });
    }

    @Test
    void theSvgHasNoStyleNoScriptAndMasksAndEscapesEveryTitle() {
        String secret = "s3cr3t-" + System.nanoTime();
        List<Event> more = new ArrayList<>(events);
        Event last = events.get(events.size() - 1);
        more.add(new Event(1, last.seq() + 1, last.ts(), last.runId(), 8, "policy.denied", "runtime", "runtime",
                Json.object().put("action", "shell").put("subject", "echo " + secret + " <script>alert(1)</script>"), "0"));

        String svg = Timeline.of(more).svg(new Masker(List.of(secret)));

        assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").endsWith("</svg>")
                .doesNotContain("style", "<script", secret).contains("echo **** &lt;script&gt;alert(1)&lt;/script&gt;</title>");
        // model, tools, approvals and marks, checkpoints, phases, verify, turn ticks
        assertThat(svg.split("<title>", -1)).hasSize(1 + 7 + 7 + 3 + 3 + 5 + 1 + 7);
    }

    @Test
    void axisTicksAreRoundAndAtMostTen() {
        assertThat(Timeline.step(12_500)).isEqualTo(2_000);
        assertThat(Timeline.step(9_000)).isEqualTo(1_000);
        assertThat(Timeline.step(95 * 60_000)).isEqualTo(600_000);
    }

    private List<Bar> lane(Timeline t, Lane lane) {
        return t.bars.stream().filter(b -> b.lane() == lane).sorted(java.util.Comparator.comparingLong(Bar::from)).toList();
    }

    private Event find(String type, String field, String value) {
        return events.stream().filter(e -> e.type().equals(type) && value.equals(e.text(field))).findFirst().orElseThrow();
    }

    private long at(Event e) {
        return e.ts().toEpochMilli() - t0.toEpochMilli();
    }

    private static Path resource(String name) {
        try {
            return Path.of(Objects.requireNonNull(TimelineTest.class.getClassLoader().getResource(name), name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
