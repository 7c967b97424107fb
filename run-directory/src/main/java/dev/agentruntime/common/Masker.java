package dev.agentruntime.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.InputStream;
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
 * Replaces every secret value — and its JSON-escaped, URL-encoded, HTML/XML-escaped, hex and base64 forms (at any
 * byte offset, and wrapped at 76 columns as {@code base64} prints it) — with {@code ****}. Applied to every line the runtime writes:
 * events, raw agent output, reports, approval requests, commit messages, model requests. Masking is a last line of
 * defence, not a guarantee: a process that holds a secret can always re-encode it some other way, so scope secrets
 * narrowly. Values shorter than {@link #MIN_LENGTH} characters are not masked (they would shred ordinary text).
 */
public final class Masker {
    public static final String MASK = "****";
    public static final int MIN_LENGTH = 8;
    private static final Masker NONE = new Masker(List.of());
    private static final int CHUNK = 1 << 20;
    private final List<String> forms;
    /** {@link #forms} as their UTF-8 bytes, one char per byte: what {@link #reveals(InputStream)} looks for. */
    private final List<String> byteForms;

    public Masker(Collection<String> secrets) {
        Set<String> f = new LinkedHashSet<>();
        for (String s : secrets) {
            if (s == null || s.length() < MIN_LENGTH) continue;
            f.add(s);
            f.add(jsonEscaped(s));
            f.add(URLEncoder.encode(s, StandardCharsets.UTF_8));
            f.add(URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"));
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            f.add(Base64.getEncoder().encodeToString(b));
            f.add(Base64.getEncoder().withoutPadding().encodeToString(b));
            f.add(Base64.getUrlEncoder().withoutPadding().encodeToString(b));
            // base64 of the value followed by a newline: what `echo $SECRET | base64` prints, also wrapped at 76
            String echoed = Base64.getEncoder().encodeToString((s + "\n").getBytes(StandardCharsets.UTF_8));
            f.add(echoed);
            f.add(wrap(echoed, 76));
            f.add(wrap(Base64.getEncoder().encodeToString(b), 76));
            // base64 of the value inside other bytes: the part that does not depend on its neighbours, per offset
            for (int offset = 0; offset < 3; offset++) {
                int from = (3 - offset) % 3;
                int to = from + (b.length - from) / 3 * 3;
                if (to - from >= 6) f.add(Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(b, from, to)));
            }
            // as HTML and XML escape it (a test framework's JUnit file, a page): with and without quotes escaped
            if (s.chars().anyMatch(c -> "&<>\"'".indexOf(c) >= 0)) {
                String markup = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
                for (String quoted : List.of(markup, markup.replace("\"", "&quot;"))) {
                    f.add(quoted);
                    for (String apos : List.of("&#39;", "&apos;", "&#x27;")) f.add(quoted.replace("'", apos));
                }
            }
            String hex = java.util.HexFormat.of().formatHex(b);
            f.add(hex);
            f.add(hex.toUpperCase(java.util.Locale.ROOT));
        }
        List<String> sorted = new ArrayList<>(f);
        sorted.sort(Comparator.comparingInt(String::length).reversed()); // longest first: a form may contain another
        this.forms = List.copyOf(sorted);
        this.byteForms = forms.stream().map(x -> new String(x.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)).toList();
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

    /** A copy of {@code node} with every secret masked in its strings and its field names. */
    public JsonNode mask(JsonNode node) {
        if (forms.isEmpty() || node == null) return node;
        if (node.isTextual()) return TextNode.valueOf(mask(node.asText()));
        if (node.isArray()) {
            ArrayNode a = Json.MAPPER.createArrayNode();
            node.forEach(e -> a.add(mask(e)));
            return a;
        }
        if (node.isObject()) {
            ObjectNode o = Json.MAPPER.createObjectNode();
            node.fields().forEachRemaining(e -> o.set(mask(e.getKey()), mask(e.getValue())));
            return o;
        }
        return node;
    }

    /**
     * Whether the bytes of {@code in} (UTF-8 text or anything else) contain a secret in any of its forms. Read in
     * chunks that overlap by the longest form, so a file of any size can be checked.
     */
    public boolean reveals(InputStream in) throws IOException {
        if (forms.isEmpty()) return false;
        int overlap = byteForms.stream().mapToInt(String::length).max().orElse(1) - 1;
        byte[] buf = new byte[CHUNK + overlap];
        int have = 0;
        int n;
        while ((n = in.readNBytes(buf, have, buf.length - have)) > 0) {
            have += n;
            String window = new String(buf, 0, have, StandardCharsets.ISO_8859_1);
            for (String f : byteForms) if (window.contains(f)) return true;
            int keep = Math.min(overlap, have);
            System.arraycopy(buf, have - keep, buf, 0, keep);
            have = keep;
        }
        return false;
    }

    /** Whether {@code text} contains a secret in any of its forms. */
    public boolean reveals(String text) {
        if (text == null) return false;
        for (String f : forms) if (text.contains(f)) return true;
        return false;
    }

    private static String wrap(String s, int width) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i += width) {
            if (i > 0) sb.append('\n');
            sb.append(s, i, Math.min(s.length(), i + width));
        }
        return sb.toString();
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
