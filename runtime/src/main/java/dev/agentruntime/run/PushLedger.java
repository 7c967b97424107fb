package dev.agentruntime.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentruntime.events.EventLog;
import dev.agentruntime.git.Workspace;
import dev.agentruntime.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Side effects outside the sandbox go through an intent/outcome ledger ({@code ledger.jsonl}, one JSON object per
 * line, fsynced): the intent is written before the effect, the outcome after. After a crash, an intent without an
 * outcome is reconciled against the remote (does origin already have the commit?) instead of being replayed
 * blindly. Keys are idempotency keys: the same key is never done twice.
 */
final class PushLedger {
    private final Path file;
    private final EventLog log;

    PushLedger(Path file, EventLog log) {
        this.file = file;
        this.log = log;
    }

    /** Pushes {@code branch} at {@code commit} unless the ledger or origin shows it is already there. */
    void push(Workspace ws, String branch, String commit) {
        String key = "push:" + branch + "@" + commit;
        if (has(key, "outcome")) {
            log.append("push.skipped", "git", Json.object().put("key", key).put("reason", "already pushed (ledger)"));
            return;
        }
        if (has(key, "intent") && commit.equals(ws.remoteHead(branch))) {
            append(key, "outcome", "reconciled: origin already had the commit");
            log.append("push.reconciled", "git", Json.object().put("key", key).put("branch", branch).put("commit", commit));
            return;
        }
        append(key, "intent", null);
        ws.push(branch);
        append(key, "outcome", "pushed");
    }

    private boolean has(String key, String phase) {
        if (!Files.exists(file)) return false;
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.isBlank()) continue;
                try {
                    JsonNode n = Json.MAPPER.readTree(line);
                    if (key.equals(n.path("key").asText()) && phase.equals(n.path("phase").asText())) return true;
                } catch (IOException torn) {
                    // A torn last line is an intent that was never written.
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void append(String key, String phase, String detail) {
        var entry = Json.object().put("key", key).put("phase", phase).put("ts", Instant.now().toString());
        if (detail != null) entry.put("detail", detail);
        byte[] line = ("\n" + Json.write(entry) + "\n").getBytes(StandardCharsets.UTF_8); // leading \n seals a torn line
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            ch.write(java.nio.ByteBuffer.wrap(line));
            ch.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
