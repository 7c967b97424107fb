package dev.agentruntime.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentruntime.common.Json;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The single writer of a run's events.jsonl. Each event is one line written with one {@code write} and forced to
 * disk before {@link #append} returns, so a crash leaves at most one torn last line, which {@link #open} cuts off
 * before appending again (readers skip it too).
 */
public final class EventLog implements Closeable {
    private final Path file;
    private final String runId;
    private final String actor;
    private String lastHash;
    /** Not a FileChannel: an interrupted writer thread (a gateway handler being stopped) would close a channel for everyone. */
    private final RandomAccessFile out;
    private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();
    private long seq;
    private volatile Integer turn;
    private volatile dev.agentruntime.common.Masker masker = dev.agentruntime.common.Masker.none();

    private EventLog(Path file, String runId, String actor, RandomAccessFile out, long lastSeq, String lastHash) {
        this.file = file;
        this.runId = runId;
        this.actor = actor;
        this.out = out;
        this.seq = lastSeq;
        this.lastHash = lastHash;
    }

    /** The worker identity events are attributed to: {@code agent-runtime/<taskId>/<runId>}. */
    public static String workerIdentity(String taskId, String runId) {
        return "agent-runtime/" + taskId + "/" + runId;
    }

    /** {@link #open(Path, String, String)} for a writer without a task (tests, tools). */
    public static EventLog open(Path file, String runId) {
        return open(file, runId, "agent-runtime/" + runId);
    }

    /**
     * Opens (creating if needed) the log; continues numbering and the hash chain after the last complete event.
     *
     * @param actor the worker identity every event of this writer names (humans are named per event)
     */
    public static EventLog open(Path file, String runId, String actor) {
        try {
            RandomAccessFile ch = new RandomAccessFile(file.toFile(), "rw");
            long complete = EventReader.completeLength(file);
            long torn = ch.length() - complete;
            if (torn > 0) ch.setLength(complete); // half a line from a writer that died mid-append
            ch.seek(complete);
            long last = 0;
            for (Event e : EventReader.readAll(file)) last = e.seq();
            String lastLine = EventReader.lastCompleteLine(file);
            String hash = lastLine == null ? AuditChain.genesis(runId) : AuditChain.hash(lastLine);
            EventLog log = new EventLog(file, runId, actor, ch, last, hash);
            if (torn > 0) log.append("events.repaired", "runtime", Json.object().put("tornBytes", torn).put("afterSeq", last));
            return log;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open event log " + file, e);
        }
    }

    public Path file() {
        return file;
    }

    /** The turn later events are attributed to; null outside the agent phase. */
    public void setTurn(Integer turn) {
        this.turn = turn;
    }

    public Integer turn() {
        return turn;
    }

    /** Every line written from now on has the run's secrets masked. */
    public void setMasker(dev.agentruntime.common.Masker masker) {
        this.masker = masker;
    }

    public dev.agentruntime.common.Masker masker() {
        return masker;
    }

    public void subscribe(Consumer<Event> listener) {
        listeners.add(listener);
    }

    public Event append(String type, String source, ObjectNode data) {
        return append(type, source, turn, data);
    }

    public Event append(String type, String source) {
        return append(type, source, turn, Json.object());
    }

    public Event append(String type, String source, Integer turn, ObjectNode data) {
        return append(type, source, turn, data, actor);
    }

    /** An event a person is accountable for (an approval, a cancel): {@code by} names them. */
    public synchronized Event append(String type, String source, Integer turn, ObjectNode data, String by) {
        Event e = new Event(Event.SCHEMA_VERSION, seq + 1, Instant.now(), runId, turn, type, by, source, data, lastHash);
        String text = Json.write(e);
        if (masker.reveals(text)) {
            text = masker.mask(text);
            try {
                e = Json.MAPPER.readValue(text, Event.class);
            } catch (java.io.IOException ex) {
                throw new IllegalStateException("masking broke an event", ex);
            }
        }
        byte[] line = (text + "\n").getBytes(StandardCharsets.UTF_8);
        long before = -1;
        try {
            before = out.getFilePointer();
            out.write(line);
            out.getFD().sync();
        } catch (IOException ex) {
            try {
                if (before >= 0) {
                    out.setLength(before); // never leave half a line in the middle of the log
                    out.seek(before);
                }
            } catch (IOException ignored) {
            }
            throw new UncheckedIOException("cannot append to " + file, ex);
        }
        seq++;
        lastHash = AuditChain.hash(text);
        for (Consumer<Event> l : listeners) {
            try {
                l.accept(e);
            } catch (RuntimeException ignored) {
                // A failing observer (e.g. a closed terminal) must never break the run.
            }
        }
        return e;
    }

    public synchronized long lastSeq() {
        return seq;
    }

    /** Hash of the last line written: with {@link #lastSeq()}, the head of the chain to anchor in state.json. */
    public synchronized String lastHash() {
        return lastHash;
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException ignored) {
        }
    }

}
