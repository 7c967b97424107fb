package dev.agentruntime.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruntime.common.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventLogTest {
    @TempDir
    Path tmp;

    @Test
    void appendsNumberedEventsWithEnvelope() {
        Path f = tmp.resolve("events.jsonl");
        try (EventLog log = EventLog.open(f, "run-1")) {
            log.append("a", "runtime", Json.object().put("x", 1));
            log.setTurn(3);
            log.append("b", "agent");
        }
        List<Event> all = EventReader.readAll(f);
        assertThat(all).extracting(Event::seq).containsExactly(1L, 2L);
        assertThat(all.get(0).v()).isEqualTo(1);
        assertThat(all.get(0).runId()).isEqualTo("run-1");
        assertThat(all.get(0).turn()).isNull();
        assertThat(all.get(1).turn()).isEqualTo(3);
        assertThat(all.get(0).data().get("x").asInt()).isEqualTo(1);
    }

    @Test
    void tornLastLineIsSkippedByReadersAndCutBeforeTheNextAppend() throws Exception {
        Path f = tmp.resolve("events.jsonl");
        try (EventLog log = EventLog.open(f, "r")) {
            log.append("one", "runtime");
            log.append("two", "runtime");
        }
        Files.writeString(f, "{\"v\":1,\"seq\":3,\"ts\":\"2026-", StandardOpenOption.APPEND);
        assertThat(EventReader.readAll(f)).extracting(Event::type).containsExactly("one", "two");
        try (EventLog log = EventLog.open(f, "r")) {
            log.append("three", "runtime");
        }
        List<Event> all = EventReader.readAll(f);
        assertThat(all).extracting(Event::type).containsExactly("one", "two", "events.repaired", "three");
        assertThat(all).extracting(Event::seq).containsExactly(1L, 2L, 3L, 4L);
        assertThat(all.get(2).data().get("tornBytes").asLong()).isPositive();
    }

    @Test
    void partialLineIsDeliveredOnceCompleted() throws Exception {
        Path f = tmp.resolve("events.jsonl");
        Files.writeString(f, "{\"v\":1,\"seq\":1,\"ts\":\"2026-11-27T00:00:00Z\",\"runId\":\"r\",\"type\":\"a\",\"act");
        EventReader r = new EventReader(f);
        assertThat(r.poll()).isEmpty();
        Files.writeString(f, "or\":\"x\",\"data\":{}}\n", StandardOpenOption.APPEND);
        assertThat(r.poll()).extracting(Event::type).containsExactly("a");
        assertThat(r.poll()).isEmpty();
    }

    @Test
    void garbageLineIsCountedAndPassedOver() throws Exception {
        Path f = tmp.resolve("events.jsonl");
        try (EventLog log = EventLog.open(f, "r")) {
            log.append("one", "runtime");
        }
        Files.writeString(f, "not json\n", StandardOpenOption.APPEND);
        EventReader r = new EventReader(f);
        assertThat(r.poll()).extracting(Event::type).containsExactly("one");
        assertThat(r.skipped()).isEqualTo(1);
    }

    @Test
    void concurrentTailerSeesEveryEventOnceInOrder() throws Exception {
        Path f = tmp.resolve("events.jsonl");
        int n = 3000;
        List<Event> seen = new ArrayList<>();
        AtomicBoolean writerDone = new AtomicBoolean();
        Thread tailer = new Thread(() -> {
            EventReader r = new EventReader(f);
            while (true) {
                boolean done = writerDone.get();
                seen.addAll(r.poll());
                if (done) break;
            }
        });
        tailer.start();
        try (EventLog log = EventLog.open(f, "r")) {
            for (int i = 0; i < n; i++) log.append("e", "runtime", Json.object().put("i", i).put("pad", "x".repeat(i % 300)));
        }
        writerDone.set(true);
        tailer.join();
        assertThat(seen).hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(seen.get(i).seq()).isEqualTo(i + 1);
            assertThat(seen.get(i).data().get("i").asInt()).isEqualTo(i);
        }
    }

    @Test
    void resumingFromAnOffsetNeitherRepeatsNorLoses() {
        Path f = tmp.resolve("events.jsonl");
        try (EventLog log = EventLog.open(f, "r")) {
            log.append("a", "x");
            EventReader r = new EventReader(f);
            assertThat(r.poll()).hasSize(1);
            long offset = r.offset();
            log.append("b", "x");
            log.append("c", "x");
            assertThat(new EventReader(f, offset).poll()).extracting(Event::type).containsExactly("b", "c");
        }
        assertThat(new String(readBytes(f), StandardCharsets.UTF_8)).endsWith("\n");
    }

    private static byte[] readBytes(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
