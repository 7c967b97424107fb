package dev.agentruntime.egress;

import java.util.Locale;

/** One allowlist entry: {@code host}, {@code host:port}, {@code *.domain} or {@code *.domain:port}. */
record HostRule(String text, String host, boolean wildcard, int port) {
    static HostRule parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        int port = -1;
        int colon = t.lastIndexOf(':');
        if (colon > 0 && !t.endsWith("]") && t.indexOf(':') == colon) {
            String digits = t.substring(colon + 1);
            if (!digits.matches("[0-9]{1,5}")) throw new NumberFormatException(digits); // "-1" or "+80" is no port
            port = Integer.parseInt(digits);
            t = t.substring(0, colon);
        }
        boolean wildcard = t.startsWith("*.");
        return new HostRule(text.trim(), wildcard ? t.substring(2) : t, wildcard, port);
    }

    boolean matches(String host, int p) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
        if (port >= 0 && port != p) return false;
        return wildcard ? h.endsWith("." + this.host) : h.equals(this.host);
    }

    /** Whether {@code text} is a valid entry; the message says what is wrong otherwise. */
    static String problem(String text) {
        if (text == null || text.isBlank()) return "must not be empty";
        try {
            HostRule r = parse(text);
            if (r.host().isEmpty() || r.host().contains("*") || r.host().contains("/")) return "use host, host:port or *.domain";
            if (r.port() == 0 || r.port() > 65535) return "port must be 1-65535";
            return null;
        } catch (NumberFormatException e) {
            return "the port must be a number from 1 to 65535";
        }
    }
}
