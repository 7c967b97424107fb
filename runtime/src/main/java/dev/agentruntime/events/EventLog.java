package dev.agentruntime.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentruntime.util.Json;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
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
    private final FileChannel channel;
    private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();
    private long seq;
    private volatile Integer turn;

    private EventLog(Path file, String runId, FileChannel channel, long lastSeq) {
        this.file = file;
        this.runId = runId;
        this.channel = channel;
        this.seq = lastSeq;
    }

    /** Opens (creating if needed) the log; continues numbering after the last complete event. */
    public static EventLog open(Path file, String runId) {
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            long complete = EventReader.completeLength(file);
            if (ch.size() > complete) ch.truncate(complete);
            ch.position(complete);
            long last = 0;
            for (Event e : EventReader.readAll(file)) last = e.seq();
            return new EventLog(file, runId, ch, last);
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

    public void subscribe(Consumer<Event> listener) {
        listeners.add(listener);
    }

    public Event append(String type, String actor, ObjectNode data) {
        return append(type, actor, turn, data);
    }

    public Event append(String type, String actor) {
        return append(type, actor, turn, Json.object());
    }

    public synchronized Event append(String type, String actor, Integer turn, ObjectNode data) {
        Event e = new Event(Event.SCHEMA_VERSION, seq + 1, Instant.now(), runId, turn, type, actor, data);
        byte[] line = (Json.write(e) + "\n").getBytes(StandardCharsets.UTF_8);
        long before = -1;
        try {
            before = channel.position();
            ByteBuffer buf = ByteBuffer.wrap(line);
            while (buf.hasRemaining()) channel.write(buf);
            channel.force(false);
        } catch (IOException ex) {
            try {
                if (before >= 0) channel.truncate(before); // never leave half a line in the middle of the log
            } catch (IOException ignored) {
            }
            throw new UncheckedIOException("cannot append to " + file, ex);
        }
        seq++;
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

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
        }
    }

}
