package dev.agentruntime.agent.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentruntime.common.AtomicFiles;
import dev.agentruntime.common.Json;
import dev.agentruntime.common.Masker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The built-in agent's native session: its conversation, each message tagged with the turn that added it, saved in
 * the run directory after every change — not in the agent home, where the agent could plant a symlink for the
 * runtime to write through. Resuming "before turn T" keeps the
 * messages of earlier turns plus turn T's model answer, whose tool calls then run again on the workspace as it was
 * before turn T — never a tool result the restored workspace does not reflect.
 *
 * <p>Every message is masked when it is added — the model's own text and tool arguments too — so the file and
 * every later request to the model, which re-sends the conversation, hold no secret. (A saved answer replayed
 * after a crash runs its tool calls with the masked arguments.)
 */
final class Session {
    static final String FILE = "builtin-session.json";
    private final Path file;
    private final ArrayNode entries;
    private final Masker masker;

    private Session(Path file, ArrayNode entries, Masker masker) {
        this.file = file;
        this.entries = entries;
        this.masker = masker;
    }

    static Session fresh(Path runRoot, Masker masker) {
        return new Session(runRoot.resolve(FILE), Json.MAPPER.createArrayNode(), masker);
    }

    /** The session as it was before {@code turn}'s tool calls ran. */
    static Session before(Path runRoot, int turn, Masker masker) throws IOException {
        Path f = runRoot.resolve(FILE);
        ArrayNode kept = Json.MAPPER.createArrayNode();
        if (Files.exists(f)) {
            for (JsonNode e : Json.MAPPER.readTree(f.toFile())) {
                int t = e.path("turn").asInt();
                boolean answer = e.path("message").path("role").asText().equals("assistant");
                if (t < turn || (t == turn && answer)) kept.add(e);
            }
        }
        return new Session(f, kept, masker);
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

    void add(int turn, JsonNode message) {
        entries.addObject().put("turn", turn).set("message", masker.mask(message));
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
