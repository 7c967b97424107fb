package dev.agentruntime.util;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import java.io.IOException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them: {@code 90s}, {@code 10m}, {@code 1h30m}, {@code 2h}, or ISO-8601 {@code PT10M}. */
public final class HumanDuration {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private HumanDuration() {}

    public static Duration parse(String text) {
        String s = text.trim().toLowerCase();
        if (s.startsWith("pt") || s.startsWith("p")) {
            try {
                return Duration.parse(text.trim().toUpperCase());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(text);
            }
        }
        Matcher m = PART.matcher(s);
        Duration total = Duration.ZERO;
        int pos = 0;
        while (m.find() && m.start() == pos) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
            pos = m.end();
        }
        if (pos == 0 || pos != s.length()) throw new IllegalArgumentException(text);
        return total;
    }

    /** Formats as the shortest human form, e.g. {@code 1h30m}. */
    public static String format(Duration d) {
        long s = d.toSeconds();
        if (s == 0) return d.toMillis() + "ms";
        StringBuilder sb = new StringBuilder();
        if (s >= 3600) { sb.append(s / 3600).append('h'); s %= 3600; }
        if (s >= 60) { sb.append(s / 60).append('m'); s %= 60; }
        if (s > 0 || sb.length() == 0) sb.append(s).append('s');
        return sb.toString();
    }

    /** Jackson hook: {@code @JsonDeserialize(using = HumanDuration.Deserializer.class)}. */
    public static final class Deserializer extends JsonDeserializer<Duration> {
        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            String text = p.getValueAsString();
            if (text == null) {
                throw InvalidFormatException.from(p, "!expected a duration such as 30s, 10m or 1h30m", p.getText(), Duration.class);
            }
            try {
                Duration d = parse(text);
                if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(text);
                return d;
            } catch (IllegalArgumentException e) {
                throw InvalidFormatException.from(p, "!expected a positive duration such as 30s, 10m or 1h30m (or ISO-8601 PT10M)", text, Duration.class);
            }
        }
    }
}
