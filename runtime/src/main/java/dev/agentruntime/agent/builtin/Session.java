package dev.agentruntime.agent.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentruntime.common.AtomicFiles;
import dev.agentruntime.common.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The built-in agent's native session: its conversation, each message tagged with the turn that added it, saved in
 * the run directory after every change — not in the agent home, where the agent could plant a symlink for the
 * runtime to write through. Resuming "before turn T" keeps the
 * messages of earlier turns plus turn T's model answer, whose tool calls then run again on the workspace as it was
 * before turn T — never a tool result the restored workspace does not reflect.
 */
final class Session {
    static final String FILE = "builtin-session.json";
    private final Path file;
    private final ArrayNode entries;

    private Session(Path file, ArrayNode entries) {
        this.file = file;
        this.entries = entries;
    }

    static Session fresh(Path runRoot) {
        return new Session(runRoot.resolve(FILE), Json.MAPPER.createArrayNode());
    }

    /** The session as it was before {@code turn}'s tool calls ran. */
    static Session before(Path runRoot, int turn) throws IOException {
        Path f = runRoot.resolve(FILE);
        ArrayNode kept = Json.MAPPER.createArrayNode();
        if (Files.exists(f)) {
            for (JsonNode e : Json.MAPPER.readTree(f.toFile())) {
                int t = e.path("turn").asInt();
                boolean answer = e.path("message").path("role").asText().equals("assistant");
                if (t < turn || (t == turn && answer)) kept.add(e);
            }
        }
        return new Session(f, kept);
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The model answer of {@code turn} when the session ends with it (its tool calls have not run yet). */
    JsonNode pendingAnswer(int turn) {
        if (entries.isEmpty()) return null;
        JsonNode last = entries.get(entries.size() - 1);
        return last.path("turn").asInt() == turn && last.path("message").path("role").asText().equals("assistant")
                ? last.get("message") : null;
    }

    ArrayNode messages() {
        ArrayNode m = Json.MAPPER.createArrayNode();
        for (JsonNode e : entries) m.add(e.get("message"));
        return m;
    }

    void add(int turn, ObjectNode message) {
        entries.addObject().put("turn", turn).set("message", message);
        save();
    }

    void save() {
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        AtomicFiles.write(file, Json.write(entries));
    }
}
