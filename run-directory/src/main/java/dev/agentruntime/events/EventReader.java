package dev.agentruntime.events;

import dev.agentruntime.common.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads events.jsonl from a byte offset, possibly while another process appends to it. Only lines ending in a
 * newline are returned; a trailing partial line is left for the next {@link #poll} (live run) or skipped
 * (finished or crashed run). A complete line that is not valid JSON is counted in {@link #skipped()} and passed
 * over. Keep {@link #offset()} to resume tailing later without repeating or losing events.
 */
public final class EventReader {
    private final Path file;
    private long offset;
    private long skipped;

    public EventReader(Path file, long offset) {
        this.file = file;
        this.offset = offset;
    }

    public EventReader(Path file) {
        this(file, 0);
    }

    /** Events completed since the last call. */
    public List<Event> poll() {
        List<Event> out = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < offset) offset = 0; // the file was replaced; start over
            ch.position(offset);
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            long lineStart = offset;
            long pos = offset;
            while (ch.read(buf) > 0) {
                buf.flip();
                while (buf.hasRemaining()) {
                    byte b = buf.get();
                    pos++;
                    if (b == '\n') {
                        parse(line.toString(StandardCharsets.UTF_8), out);
                        line.reset();
                        lineStart = pos;
                    } else {
                        line.write(b);
                    }
                }
                buf.clear();
            }
            offset = lineStart;
        } catch (NoSuchFileException e) {
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return out;
    }

    private void parse(String line, List<Event> out) {
        if (line.isBlank()) return;
        try {
            out.add(Json.MAPPER.readValue(line, Event.class));
        } catch (IOException e) {
            skipped++;
        }
    }

    public long offset() {
        return offset;
    }

    public long skipped() {
        return skipped;
    }

    /** Every complete event of a finished (or crashed) run; a torn last line is skipped. */
    public static List<Event> readAll(Path file) {
        return new EventReader(file).poll();
    }

    /** The last complete line (without its newline), or null when there is none. */
    static String lastCompleteLine(Path file) throws IOException {
        long end = completeLength(file);
        if (end == 0) return null;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long start = end - 1;
            ByteBuffer one = ByteBuffer.allocate(1);
            while (start > 0) {
                one.clear();
                ch.read(one, start - 1);
                if (one.get(0) == '\n') break;
                start--;
            }
            ByteBuffer line = ByteBuffer.allocate((int) (end - 1 - start));
            while (line.hasRemaining() && ch.read(line, start + line.position()) > 0) { }
            return new String(line.array(), StandardCharsets.UTF_8);
        }
    }

    /** Length of the file up to and including its last newline. */
    static long completeLength(Path file) throws IOException {
        if (!Files.exists(file)) return 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer one = ByteBuffer.allocate(1);
            for (long p = size - 1; p >= 0; p--) {
                one.clear();
                ch.read(one, p);
                if (one.get(0) == '\n') return p + 1;
            }
            return 0;
        }
    }
}
