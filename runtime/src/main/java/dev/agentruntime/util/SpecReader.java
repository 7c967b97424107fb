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
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Collectors;

/**
 * Reads YAML or JSON written by people into typed records, strictly: UTF-8 only, the YAML rules of
 * {@link StrictYaml}, no coercion between types ({@code turns: 1.5}, {@code turns: "5"}, {@code readOnlyRoot: 0} and
 * {@code memory: 512} are errors, not 1, 5, false and "512"), unknown fields refused. Every problem is a
 * {@link BadInputException} that names the field path (e.g. {@code budgets.turns}), the value and what is allowed.
 */
public final class SpecReader {
    /** Strict YAML (a superset of JSON) for human-written specs and scripts, with the run directory's JSON conventions. */
    public static final ObjectMapper YAML = strict(Json.configure(YAMLMapper.builder().build()));

    private static final Pattern REFUSED_COERCION = Pattern.compile("^Cannot coerce \\w+ value \\((.*)\\) to `");

    private SpecReader() {}

    public static <T> T read(Path file, Class<T> type) {
        return parse(readText(file), type, file.toString());
    }

    /** The file as UTF-8 text; a file that is missing, unreadable or not UTF-8 is bad input. */
    public static String readText(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file.toString(), "file not found; pass the path of an existing YAML or JSON file");
        } catch (IOException e) {
            throw new BadInputException(file.toString(), "cannot read: " + e.getMessage());
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(in, out, true);
        if (r.isError()) {
            long line = 1 + IntStream.range(0, in.position()).filter(i -> bytes[i] == '\n').count();
            throw new BadInputException(file.toString(), "line " + line + ": not UTF-8 text (byte " + in.position()
                    + "); save the file as UTF-8");
        }
        return out.flip().toString();
    }

    public static <T> T parse(String text, Class<T> type, String source) {
        if (text.isBlank()) throw new BadInputException(source, "(document): the file is empty");
        List<String> yamlProblems = StrictYaml.problems(text);
        if (!yamlProblems.isEmpty()) throw new BadInputException(source, yamlProblems);
        try {
            T value = YAML.readValue(text, type);
            if (value == null) throw new BadInputException(source, "(document): the document is empty");
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
            // A refused coercion ("turns: '5'") says which value in its message; other mismatches (a list for a string) do not.
            Matcher value = REFUSED_COERCION.matcher(String.valueOf(e.getOriginalMessage()));
            throw new BadInputException(source, path(e) + (value.find() ? ": " + value.group(1) + " is not valid: expected "
                    : ": wrong type, expected ") + describe(e.getTargetType()));
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

    /** No coercion between scalar types, and no empty string read as "not set" for numbers and booleans. */
    private static ObjectMapper strict(ObjectMapper m) {
        m.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        m.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail).setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail).setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail).setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return m;
    }

    static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) sb.append('.');
                sb.append(segment(ref.getFieldName()));
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.length() == 0 ? "(document)" : sb.toString();
    }

    /** A key as a part of a field path: as written, or JSON-quoted when it holds more than letters, digits, '_' and '-'. */
    static String segment(String key) {
        return key.matches("[A-Za-z0-9_-]+") ? key : Json.write(key);
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
