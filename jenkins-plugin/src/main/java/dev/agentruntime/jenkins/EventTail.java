package dev.agentruntime.jenkins;

import dev.agentruntime.events.Event;
import dev.agentruntime.events.EventReader;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a controller is in a run's events.jsonl: the byte offset after the last complete line it consumed and that
 * line's seq. Immutable, so a controller keeps the old position until it has written the new events to its log, then
 * persists the new one; after a restart it continues from exactly there (docs/run-directory.md, "Tailing"). A plain
 * class, not a record: it is persisted with the Pipeline program.
 */
public final class EventTail implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long offset;
    private final long lastSeq;

    public EventTail(long offset, long lastSeq) {
        this.offset = offset;
        this.lastSeq = lastSeq;
    }

    public static EventTail start() {
        return new EventTail(0, 0);
    }

    public long offset() {
        return offset;
    }

    public long lastSeq() {
        return lastSeq;
    }

    /** The events after this position and the position after them. */
    public Read read(Path eventsFile) {
        EventReader reader = new EventReader(eventsFile, offset);
        // seq guards against a replaced file (EventReader then starts over at 0): never repeat an event.
        List<Event> events = reader.poll().stream().filter(e -> e.seq() > lastSeq).toList();
        long seq = events.isEmpty() ? lastSeq : events.get(events.size() - 1).seq();
        return new Read(events, new EventTail(reader.offset(), seq));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EventTail t && t.offset == offset && t.lastSeq == lastSeq;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(offset) * 31 + Long.hashCode(lastSeq);
    }

    @Override
    public String toString() {
        return "EventTail[offset=" + offset + ", lastSeq=" + lastSeq + "]";
    }

    /** Events read and the position after them (never persisted). */
    public record Read(List<Event> events, EventTail next) {}
}
