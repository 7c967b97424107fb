package dev.agentruntime.util;

import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.events.SequenceStartEvent;

/**
 * The YAML people write for the runtime, checked before it is bound to types: one document; no duplicate keys
 * (YAML readers silently keep the last); no anchors, aliases or tags (Jackson reads an alias as the anchor's
 * name and a tag can turn a string into a number); keys are plain text; no NUL and no unpaired UTF-16 surrogate
 * in any key or value (neither can be written to a file or passed to a process). Each problem names its field
 * path as {@link SpecReader} does ({@code budgets.turns}, {@code setup[1]}).
 */
final class StrictYaml {
    private StrictYaml() {}

    /** One open mapping or sequence, and where the walk is inside it. */
    private static final class Level {
        final String path;
        final boolean mapping;
        final Set<String> keys = new HashSet<>();
        String key;
        int index;

        Level(String path, boolean mapping) {
            this.path = path;
            this.mapping = mapping;
        }

        boolean expectsKey() {
            return mapping && key == null;
        }

        String child() {
            if (!mapping) return path + "[" + index + "]";
            return path.isEmpty() ? SpecReader.segment(key) : path + "." + SpecReader.segment(key);
        }

        void valueDone() {
            if (mapping) key = null;
            else index++;
        }
    }

    /** Every problem of {@code text}, each starting with a field path or a line and column; empty when it is fine. */
    static List<String> problems(String text) {
        List<String> problems = new ArrayList<>();
        Deque<Level> open = new ArrayDeque<>();
        int documents = 0;
        try {
            for (Event e : new Yaml(new LoaderOptions()).parse(new StringReader(text))) {
                if (e instanceof DocumentStartEvent && ++documents == 2) {
                    problems.add("(document): more than one YAML document (---); write one per file");
                }
                if (e.is(Event.ID.MappingEnd) || e.is(Event.ID.SequenceEnd)) {
                    open.pop();
                    if (!open.isEmpty()) open.peek().valueDone();
                    continue;
                }
                if (!(e instanceof NodeEvent node)) continue;
                Level parent = open.peek();
                if (parent != null && parent.expectsKey()) {
                    if (!key(parent, node, problems)) break; // a structured key: Jackson cannot bind the rest either
                    continue;
                }
                String path = parent == null ? "" : parent.child();
                check(path, node, problems);
                if (e instanceof MappingStartEvent || e instanceof SequenceStartEvent) {
                    open.push(new Level(path, e instanceof MappingStartEvent));
                } else if (parent != null) {
                    parent.valueDone();
                }
            }
        } catch (MarkedYAMLException e) {
            var mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String where = mark == null ? "(document)" : "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
            problems.add(where + ": not valid YAML/JSON: " + String.valueOf(e.getProblem()).strip());
        } catch (YAMLException e) {
            problems.add("(document): not valid YAML/JSON: " + e.getMessage());
        }
        return problems;
    }

    /** Records the key of the next value in {@code parent}; false when it is not plain text. */
    private static boolean key(Level parent, NodeEvent node, List<String> problems) {
        if (!(node instanceof ScalarEvent s)) {
            String where = parent.path.isEmpty() ? "(document)" : parent.path;
            problems.add(where + ": a key must be plain text, not a list, an object or an alias");
            return false;
        }
        parent.key = unwritable(s.getValue()) == null ? s.getValue() : s.getValue().replaceAll("[\\uD800-\\uDFFF]", "?");
        String path = parent.child();
        check(path, node, problems);
        if (!parent.keys.add(s.getValue())) {
            problems.add(path + ": duplicate key; each key may appear once in an object (YAML would silently keep the last)");
        }
        return true;
    }

    private static void check(String at, NodeEvent node, List<String> problems) {
        String path = at.isEmpty() ? "(document)" : at;
        if (node instanceof AliasEvent) {
            problems.add(path + ": YAML aliases (*" + node.getAnchor() + ") are not allowed; write the value out");
            return;
        }
        if (node.getAnchor() != null) {
            problems.add(path + ": YAML anchors (&" + node.getAnchor() + ") are not allowed; write values out where they are used");
        }
        String tag = node instanceof ScalarEvent s ? s.getTag() : node instanceof CollectionStartEvent c ? c.getTag() : null;
        if (tag != null) problems.add(path + ": YAML tags (" + tag + ") are not allowed; write plain values");
        if (node instanceof ScalarEvent s) {
            String bad = unwritable(s.getValue());
            if (bad != null) problems.add(path + ": contains " + bad + "; remove it");
        }
    }

    /** What in {@code s} cannot be written as UTF-8 or passed to a process (NUL, an unpaired surrogate), or null. */
    static String unwritable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0) return "a NUL character (at character " + i + ")";
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "an unpaired UTF-16 surrogate \\u" + Integer.toHexString(c).toUpperCase() + " (at character " + i + ")";
            }
        }
        return null;
    }
}
