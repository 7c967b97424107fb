package dev.agentruntime.jenkins;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The id of the {@code input} step that stands for an approval request of a run (a mid-run request or an agentApprove
 * gate): derived from the run and the request, so whoever sees one can find the other — the Groovy that opens the
 * input, the watcher that settles it from the run directory, the build page. URL-safe and already capitalised, as the
 * input step wants its ids.
 */
final class InputIds {
    private InputIds() {}

    static String of(String runId, String requestId) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((runId + "/" + requestId).getBytes(StandardCharsets.UTF_8));
            return "Agent" + HexFormat.of().formatHex(h, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
