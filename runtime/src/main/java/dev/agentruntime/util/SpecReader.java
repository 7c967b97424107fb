package dev.agentruntime.util;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.agentruntime.common.BadInputException;
import dev.agentruntime.common.Json;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * Reads YAML or JSON written by people into typed records, strictly: unknown fields and wrong types are
 * {@link BadInputException}s that name the field path (e.g. {@code budgets.turns}), the value and what is allowed.
 */
public final class SpecReader {
    /** Strict YAML (a superset of JSON) for human-written specs and scripts, with the run directory's JSON conventions. */
    public static final ObjectMapper YAML = Json.configure(YAMLMapper.builder().build());

    private SpecReader() {}

    public static <T> T read(Path file, Class<T> type) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file.toString(), "file not found; pass the path of an existing YAML or JSON file");
        } catch (IOException e) {
            throw new BadInputException(file.toString(), "cannot read: " + e.getMessage());
        }
        return parse(text, type, file.toString());
    }

    public static <T> T parse(String text, Class<T> type, String source) {
        if (text.isBlank()) throw new BadInputException(source, "the file is empty");
        try {
            T value = YAML.readValue(text, type);
            if (value == null) throw new BadInputException(source, "the document is empty");
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw new BadInputException(source, path(e) + ": unknown field \"" + e.getPropertyName()
                    + "\"; allowed here: " + allowed(e.getKnownPropertyIds()));
        } catch (InvalidFormatException e) {
            String why = e.getOriginalMessage();
            String detail = why != null && why.startsWith("!") ? why.substring(1)
                    : "expected " + describe(e.getTargetType());
            throw new BadInputException(source, path(e) + ": " + quote(e.getValue()) + " is not valid: " + detail);
        } catch (MismatchedInputException e) {
            throw new BadInputException(source, path(e) + ": wrong type, expected " + describe(e.getTargetType()));
        } catch (JsonMappingException e) {
            Throwable cause = e.getCause() instanceof BadInputException b ? b : null;
            if (cause != null) throw (BadInputException) cause;
            throw new BadInputException(source, path(e) + ": " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            String where = loc == null ? "" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ": ";
            throw new BadInputException(source, where + "not valid YAML/JSON: " + e.getOriginalMessage());
        }
    }

    static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) sb.append('.');
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.length() == 0 ? "(document)" : sb.toString();
    }

    private static String allowed(Collection<Object> known) {
        return known == null ? "?" : known.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    }

    private static String quote(Object v) {
        return v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
    }

    static String describe(Class<?> t) {
        if (t == null) return "another type";
        if (t == String.class) return "a string";
        if (t == int.class || t == Integer.class || t == long.class || t == Long.class) return "a whole number";
        if (t == double.class || t == Double.class) return "a number";
        if (t == boolean.class || t == Boolean.class) return "true or false";
        if (java.util.List.class.isAssignableFrom(t)) return "a list";
        if (java.util.Map.class.isAssignableFrom(t) || t.isRecord()) return "an object with fields";
        if (t == java.time.Duration.class) return "a duration such as 30s, 10m or 1h30m";
        if (t.isEnum()) return "one of " + java.util.Arrays.toString(t.getEnumConstants());
        return "a " + t.getSimpleName();
    }
}
