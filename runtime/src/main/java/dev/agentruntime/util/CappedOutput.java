package dev.agentruntime.util;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Keeps the first and last bytes of a stream whose total size is unbounded (command output). Memory stays at
 * {@code cap} bytes; {@link #toString()} marks where bytes were dropped.
 */
public final class CappedOutput {
    private final int headCap;
    private final int tailCap;
    private final ByteArrayOutputStream head = new ByteArrayOutputStream();
    private final byte[] tail;
    private int tailStart;
    private int tailLen;
    private long total;

    public CappedOutput(int cap) {
        this.headCap = cap / 4;
        this.tailCap = cap - headCap;
        this.tail = new byte[Math.max(tailCap, 1)];
    }

    public synchronized void write(byte[] b, int off, int len) {
        total += len;
        for (int i = off; i < off + len; i++) {
            if (head.size() < headCap) {
                head.write(b[i]);
            } else {
                tail[(tailStart + tailLen) % tail.length] = b[i];
                if (tailLen < tail.length) tailLen++;
                else tailStart = (tailStart + 1) % tail.length;
            }
        }
    }

    public synchronized long totalBytes() {
        return total;
    }

    public synchronized boolean truncated() {
        return total > (long) head.size() + tailLen;
    }

    @Override
    public synchronized String toString() {
        byte[] t = new byte[tailLen];
        for (int i = 0; i < tailLen; i++) t[i] = tail[(tailStart + i) % tail.length];
        String h = head.toString(StandardCharsets.UTF_8);
        String rest = new String(t, StandardCharsets.UTF_8);
        if (!truncated()) return h + rest;
        long dropped = total - head.size() - tailLen;
        return h + "\n[... " + dropped + " bytes omitted ...]\n" + rest;
    }

    /** The last {@code n} characters, for reports. */
    public static String tail(String s, int n) {
        return s.length() <= n ? s : "[...]" + s.substring(s.length() - n);
    }
}
