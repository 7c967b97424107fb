package dev.agentruntime.common;

/** Short forms of long text for messages, events and logs. */
public final class Text {
    private Text() {}

    public static String firstLine(String s) {
        String t = s == null ? "" : s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    /** At most {@code max} characters, marked with … when cut. */
    public static String abbreviate(String s, int max) {
        String t = s == null ? "" : s.strip();
        return t.length() > max ? t.substring(0, max - 1) + "…" : t;
    }

    /** Whitespace collapsed to single spaces, then abbreviated. */
    public static String oneLine(String s, int max) {
        return abbreviate(s == null ? "" : s.replaceAll("\\s+", " "), max);
    }

    /** Sleeps, keeping the interrupt flag when interrupted. */
    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
