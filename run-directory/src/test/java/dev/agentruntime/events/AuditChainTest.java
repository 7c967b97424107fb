package dev.agentruntime.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruntime.common.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** audit verify: an intact log passes; one flipped byte, one deleted line or two swapped lines do not. */
class AuditChainTest {
    @TempDir
    Path tmp;
    Path file;
    long headSeq;
    String headHash;

    @BeforeEach
    void writeLog() {
        file = tmp.resolve("events.jsonl");
        try (EventLog log = EventLog.open(file, "run-1", EventLog.workerIdentity("task-1", "run-1"))) {
            for (int i = 0; i < 10; i++) log.append("step", "runtime", Json.object().put("i", i).put("text", "value " + i));
            headSeq = log.lastSeq();
            headHash = log.lastHash();
        }
    }

    List<String> verify() throws Exception {
        return AuditChain.verify(file, "run-1", headSeq, headHash);
    }

    List<String> lines() throws Exception {
        return new ArrayList<>(Files.readAllLines(file));
    }

    void write(List<String> lines) throws Exception {
        Files.writeString(file, String.join("\n", lines) + "\n");
    }

    @Test
    void intactLogPassesAndNamesTheWorker() throws Exception {
        assertThat(verify()).isEmpty();
        List<Event> events = EventReader.readAll(file);
        assertThat(events).allMatch(e -> e.actor().equals("agent-runtime/task-1/run-1") && e.source().equals("runtime"));
        assertThat(events.get(0).prev()).isEqualTo(AuditChain.genesis("run-1"));
    }

    @Test
    void reopeningContinuesTheChain() throws Exception {
        try (EventLog log = EventLog.open(file, "run-1", "agent-runtime/task-1/run-1")) {
            log.append("more", "runtime");
            headSeq = log.lastSeq();
            headHash = log.lastHash();
        }
        assertThat(verify()).isEmpty();
    }

    @Test
    void oneFlippedByteIsDetected() throws Exception {
        byte[] b = Files.readAllBytes(file);
        String s = new String(b, StandardCharsets.UTF_8);
        int at = s.indexOf("value 4");
        b[at + 6] = (byte) '5'; // "value 4" → "value 5"
        Files.write(file, b);
        assertThat(verify()).anyMatch(p -> p.startsWith("line 6") && p.contains("edited, deleted or moved"));
    }

    @Test
    void aFlippedByteInTheLastLineIsDetectedThroughTheAnchor() throws Exception {
        List<String> l = lines();
        l.set(9, l.get(9).replace("value 9", "value 8"));
        write(l);
        assertThat(verify()).anyMatch(p -> p.contains("does not end where state.json says"));
    }

    @Test
    void oneDeletedLineIsDetected() throws Exception {
        List<String> l = lines();
        l.remove(4);
        write(l);
        assertThat(verify()).anyMatch(p -> p.contains("edited, deleted or moved")).anyMatch(p -> p.contains("deleted or reordered"));
    }

    @Test
    void twoSwappedLinesAreDetected() throws Exception {
        List<String> l = lines();
        Collections.swap(l, 2, 3);
        write(l);
        assertThat(verify()).isNotEmpty().anyMatch(p -> p.contains("deleted or reordered"));
    }

    @Test
    void aCutTailIsDetected() throws Exception {
        List<String> l = lines();
        write(l.subList(0, 9));
        assertThat(verify()).anyMatch(p -> p.contains("does not end where state.json says"));
    }
}
