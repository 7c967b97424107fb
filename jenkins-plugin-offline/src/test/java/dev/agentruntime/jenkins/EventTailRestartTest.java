package dev.agentruntime.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruntime.events.Event;
import dev.agentruntime.events.EventReader;
import dev.agentruntime.rundir.Status;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tailing a live run's events.jsonl the way agentTask does, with a "controller restart" between polls: the persisted
 * execution state is Java-serialised, thrown away and deserialised; the build log still gets every event exactly once.
 */
@Tag("docker")
class EventTailRestartTest {
    static final String SCRIPT = """
            turns:
              - calls: [{tool: shell, args: {command: "python3 run_tests.py"}}]
              - calls: [{tool: edit, args: {path: calc.py, old: "    return a - b", new: "    return a + b"}}]
              - calls: [{tool: shell, args: {command: "python3 run_tests.py"}}]
              - calls: [{tool: finish, args: {summary: "fixed add()"}}]
            """;

    @TempDir
    Path tmp;

    @Test
    void restartsBetweenPollsLoseAndRepeatNothing() throws Exception {
        try (RealRun r = new RealRun(tmp, SCRIPT)) {
            RealRun.Live live = r.start(r.task(""));
            TaskRunState state = new TaskRunState("", live.dir().root().toString(), live.dir().runId(), "cookie-1");
            List<String> buildLog = new ArrayList<>();
            int restarts = 0;
            RunPoll poll;
            boolean lost;
            do {
                Thread.sleep(20);
                poll = RunPoll.poll(live.dir().root(), state.tail());
                lost = restarts % 3 == 1;
                if (lost) {
                    // The controller died after polling but before the lines reached the log and the state was saved:
                    // the old state is what survives, and the next poll must return these events again.
                    state = restart(state);
                    restarts++;
                    continue;
                }
                buildLog.addAll(poll.lines());
                state.advance(poll);
                state = restart(state);
                restarts++;
            } while (lost || !poll.ended()); // a lost final poll is polled again after the restart
            assertThat(live.end().join().status()).isEqualTo(Status.SUCCEEDED);

            List<Event> all = EventReader.readAll(live.dir().events());
            assertThat(restarts).isGreaterThan(5);
            assertThat(all).hasSizeGreaterThan(20);
            assertThat(buildLog).containsExactlyElementsOf(all.stream().map(RunPoll::line).toList());
            assertThat(state.tail().lastSeq()).isEqualTo(all.get(all.size() - 1).seq());
            assertThat(state.tail().offset()).isEqualTo(Files.size(live.dir().events()));
            assertThat(poll.result()).containsEntry("status", "SUCCEEDED").containsEntry("runId", live.dir().runId())
                    .containsEntry("branch", "agent/fix-calc").containsEntry("pushed", true).containsKey("commit")
                    .containsEntry("reportPath", live.dir().reportJson().toString());
        }
    }

    /** A writer caught mid-line: tailing a growing copy of a real events.jsonl cut at random bytes never yields a torn event. */
    @Test
    void aTornLastLineIsLeftForTheNextPoll() throws Exception {
        try (RealRun r = new RealRun(tmp, SCRIPT)) {
            Path events = r.start(r.task("")).end().thenApply(s -> r.runs().resolve(s.runId()).resolve("events.jsonl")).join();
            byte[] full = Files.readAllBytes(events);
            Path growing = tmp.resolve("growing.jsonl");
            Files.write(growing, new byte[0]);
            Random random = new Random(42);
            EventTail tail = EventTail.start();
            List<Long> seqs = new ArrayList<>();
            int written = 0;
            while (written < full.length) {
                int next = Math.min(full.length, written + 1 + random.nextInt(300));
                Files.write(growing, java.util.Arrays.copyOfRange(full, written, next), java.nio.file.StandardOpenOption.APPEND);
                written = next;
                EventTail.Read read = serialiseRoundTrip(tail).read(growing);
                read.events().forEach(e -> seqs.add(e.seq()));
                tail = read.next();
            }
            List<Long> expected = EventReader.readAll(events).stream().map(Event::seq).toList();
            assertThat(seqs).containsExactlyElementsOf(expected);
            assertThat(expected).startsWith(1L, 2L, 3L);
        }
    }

    static TaskRunState restart(TaskRunState state) throws Exception {
        return serialiseRoundTrip(state);
    }

    @SuppressWarnings("unchecked")
    static <T> T serialiseRoundTrip(T value) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
