package dev.agentruntime.rundir;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * Run ids sort by creation time as plain strings and are unique across processes and machines:
 * {@code 20261127-231502-123-9f3a1c} (UTC millisecond timestamp, then 24 random bits).
 */
public final class RunId {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static long lastMillis;

    private RunId() {}

    public static String next() {
        long now;
        synchronized (RunId.class) {
            // Never reuse a millisecond in this process, so ids from one runtime are strictly ordered.
            now = Math.max(System.currentTimeMillis(), lastMillis + 1);
            lastMillis = now;
        }
        byte[] rnd = new byte[3];
        RANDOM.nextBytes(rnd);
        return FORMAT.format(Instant.ofEpochMilli(now)) + "-" + HexFormat.of().formatHex(rnd);
    }

    public static boolean looksLikeRunId(String s) {
        return s.matches("\\d{8}-\\d{6}-\\d{3}-[0-9a-f]{6}");
    }
}
