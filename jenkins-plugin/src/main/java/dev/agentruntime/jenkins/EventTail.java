package dev.agentruntime.jenkins;

import dev.agentruntime.events.Event;
import dev.agentruntime.events.EventReader;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a controller is in a run's events.jsonl: the byte offset after the last complete line it consumed and that
 * line's seq. Immutable, so a controller keeps the old position until it has written the new events to its log, then
 * persists the new one; after a restart it continues from exactly there (docs/run-directory.md, "Tailing").
 */
public record EventTail(long offset, long lastSeq) implements Serializable {
    private static final long serialVersionUID = 1L;

    public static EventTail start() {
        return new EventTail(0, 0);
    }

    /** The events after this position and the position after them. */
    public Read read(Path eventsFile) {
        EventReader reader = new EventReader(eventsFile, offset);
        // seq guards against a replaced file (EventReader then starts over at 0): never repeat an event.
        List<Event> events = reader.poll().stream().filter(e -> e.seq() > lastSeq).toList();
        long seq = events.isEmpty() ? lastSeq : events.get(events.size() - 1).seq();
        return new Read(events, new EventTail(reader.offset(), seq));
    }

    /** Events read and the position after them. */
    public record Read(List<Event> events, EventTail next) {}
}
