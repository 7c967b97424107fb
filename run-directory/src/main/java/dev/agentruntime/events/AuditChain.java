package dev.agentruntime.events;

import dev.agentruntime.common.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The hash chain over events.jsonl: every line carries the SHA-256 of the line before it (the first, of the run
 * id), and state.json anchors the last line when the run ends. Editing, deleting or reordering any line breaks it.
 */
public final class AuditChain {
    private AuditChain() {}

    public static String genesis(String runId) {
        return hash("agent-runtime:" + runId);
    }

    public static String hash(String line) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(line.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Problems found in {@code events}; empty when the chain is intact.
     *
     * @param headSeq  seq of the last event as anchored in state.json, or null for a live run
     * @param headHash hash of that last line, or null
     */
    public static List<String> verify(Path events, String runId, Long headSeq, String headHash) throws IOException {
        List<String> problems = new ArrayList<>();
        String content = Files.readString(events, StandardCharsets.UTF_8);
        String[] lines = content.split("\n", -1);
        int complete = lines.length - 1; // the text after the last newline is empty, or a torn line
        if (!content.isEmpty() && !content.endsWith("\n")) problems.add("the last line is torn (no newline): a crash, or an edit");
        String prev = genesis(runId);
        long lastSeq = 0;
        for (int i = 0; i < complete; i++) {
            String line = lines[i];
            int n = i + 1;
            try {
                Event e = Json.MAPPER.readValue(line, Event.class);
                if (!prev.equals(e.prev())) {
                    problems.add("line " + n + " (seq " + e.seq() + "): does not follow the line before it: that line was edited, deleted or moved");
                }
                if (e.seq() != n) problems.add("line " + n + ": seq " + e.seq() + ", expected " + n + ": lines were deleted or reordered");
                if (!runId.equals(e.runId())) problems.add("line " + n + ": belongs to run " + e.runId());
                lastSeq = e.seq();
            } catch (IOException ex) {
                problems.add("line " + n + ": not a valid event: edited");
            }
            prev = hash(line);
        }
        if (headSeq != null && (headSeq != lastSeq || !prev.equals(headHash))) {
            problems.add("the log does not end where state.json says (seq " + headSeq + "): its end was edited, cut or extended");
        }
        return problems;
    }
}
