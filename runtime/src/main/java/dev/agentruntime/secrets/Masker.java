package dev.agentruntime.secrets;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Replaces every secret value — and its JSON-escaped, URL-encoded and base64 forms — with {@code ****}. Applied to
 * every line the runtime writes: events, raw agent output, reports, commit messages.
 */
public final class Masker {
    public static final String MASK = "****";
    private static final Masker NONE = new Masker(List.of());
    private final List<String> forms;

    public Masker(Collection<String> secrets) {
        Set<String> f = new LinkedHashSet<>();
        for (String s : secrets) {
            if (s == null || s.length() < 4) continue; // too short to mask without destroying ordinary text
            f.add(s);
            f.add(jsonEscaped(s));
            f.add(URLEncoder.encode(s, StandardCharsets.UTF_8));
            f.add(URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"));
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            f.add(Base64.getEncoder().encodeToString(b));
            f.add(Base64.getEncoder().withoutPadding().encodeToString(b));
            f.add(Base64.getUrlEncoder().withoutPadding().encodeToString(b));
            // base64 of the value followed by a newline: what `echo $SECRET | base64` prints
            f.add(Base64.getEncoder().encodeToString((s + "\n").getBytes(StandardCharsets.UTF_8)));
        }
        List<String> sorted = new ArrayList<>(f);
        sorted.sort(Comparator.comparingInt(String::length).reversed()); // longest first: a form may contain another
        this.forms = List.copyOf(sorted);
    }

    public static Masker none() {
        return NONE;
    }

    public boolean isEmpty() {
        return forms.isEmpty();
    }

    public String mask(String text) {
        if (text == null || forms.isEmpty()) return text;
        String out = text;
        for (String f : forms) if (out.contains(f)) out = out.replace(f, MASK);
        return out;
    }

    /** Whether {@code text} contains a secret in any of its forms. */
    public boolean reveals(String text) {
        if (text == null) return false;
        for (String f : forms) if (text.contains(f)) return true;
        return false;
    }

    static String jsonEscaped(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.toString();
    }
}
