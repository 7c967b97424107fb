package dev.agentruntime.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentruntime.common.Json;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Renders agent-neutral script calls into one agent's own tool names and argument shapes. The agent is recognised
 * by the tools its request declares, so one script drives the built-in agent, OpenCode, Codex and Claude Code.
 *
 * <p>Neutral vocabulary: {@code shell {command}}, {@code write {path, content}}, {@code edit {path, old, new}},
 * {@code read {path}}, {@code finish {summary}}. Any other tool name is sent verbatim with its arguments.
 */
public enum ToolDialect {
    BUILTIN, OPENCODE, CODEX, CLAUDE, RAW;

    /** Where the agents see the repository (paths in scripts are relative to it). */
    static final String WORKDIR = "/workspace";

    /**
     * One rendered call.
     *
     * @param name   tool name the agent declared
     * @param args   JSON arguments (function tools) or the raw input (custom tools such as Codex's apply_patch)
     * @param custom true for a custom (free-form input) tool call
     */
    public record Rendered(String name, String args, boolean custom) {}

    public static ToolDialect detect(JsonNode request) {
        Set<String> names = declaredTools(request);
        if (names.contains("write_file") && names.contains("finish")) return BUILTIN;
        if (names.contains("apply_patch") || names.contains("exec_command") || names.contains("shell")) return CODEX;
        if (names.contains("Bash") || names.contains("Write")) return CLAUDE;
        if (names.contains("bash") && names.contains("write")) return OPENCODE;
        return RAW;
    }

    static Set<String> declaredTools(JsonNode request) {
        Set<String> names = new HashSet<>();
        for (JsonNode t : request.path("tools")) {
            if (t.hasNonNull("name")) names.add(t.get("name").asText());                 // Anthropic, Responses
            if (t.path("function").hasNonNull("name")) names.add(t.path("function").get("name").asText()); // Chat
        }
        return names;
    }

    /** Whether this agent ends its work by answering with plain text rather than a finish tool. */
    public boolean finishesWithText() {
        return this != BUILTIN && this != RAW;
    }

    /** The text an agent without a finish tool says for {@code finish}. */
    public static String finishText(ModelScript.Call call) {
        Object summary = call.args() == null ? null : call.args().get("summary");
        return summary == null ? "Done." : summary.toString();
    }

    /** A turn as this agent must see it: text, then its own tool calls; {@code finish} becomes text where needed. */
    public RenderedTurn render(ModelScript.Turn turn) {
        StringBuilder text = new StringBuilder(turn.text() == null ? "" : turn.text());
        java.util.List<Rendered> calls = new java.util.ArrayList<>();
        for (ModelScript.Call c : turn.callsOrEmpty()) {
            if (c.tool().equals("finish") && finishesWithText()) {
                if (text.length() > 0) text.append("\n\n");
                text.append(finishText(c));
            } else {
                calls.add(render(c));
            }
        }
        return new RenderedTurn(text.toString(), calls);
    }

    /** Text and calls of one turn in the agent's own terms. */
    public record RenderedTurn(String text, java.util.List<Rendered> calls) {}

    public Rendered render(ModelScript.Call call) {
        Map<String, Object> a = call.args() == null ? Map.of() : call.args();
        String path = a.get("path") == null ? null : String.valueOf(a.get("path"));
        String abs = path == null ? null : path.startsWith("/") ? path : WORKDIR + "/" + path;
        return switch (call.tool()) {
            case "shell" -> switch (this) {
                case BUILTIN -> fn("bash", "command", a.get("command"));
                case OPENCODE -> fn("bash", "command", a.get("command"), "description", "run a command");
                case CODEX -> fn("exec_command", "cmd", a.get("command"), "workdir", WORKDIR);
                case CLAUDE -> fn("Bash", "command", a.get("command"));
                case RAW -> verbatim(call);
            };
            case "write" -> switch (this) {
                case BUILTIN -> fn("write_file", "path", path, "content", a.get("content"));
                case OPENCODE -> fn("write", "filePath", abs, "content", a.get("content"));
                case CODEX -> new Rendered("apply_patch", patchAdd(path, String.valueOf(a.get("content"))), true);
                case CLAUDE -> fn("Write", "file_path", abs, "content", a.get("content"));
                case RAW -> verbatim(call);
            };
            case "edit" -> switch (this) {
                case BUILTIN -> fn("edit_file", "path", path, "old_string", a.get("old"), "new_string", a.get("new"));
                case OPENCODE -> fn("edit", "filePath", abs, "oldString", a.get("old"), "newString", a.get("new"));
                case CODEX -> new Rendered("apply_patch", patchUpdate(path, String.valueOf(a.get("old")), String.valueOf(a.get("new"))), true);
                case CLAUDE -> fn("Edit", "file_path", abs, "old_string", a.get("old"), "new_string", a.get("new"));
                case RAW -> verbatim(call);
            };
            case "read" -> switch (this) {
                case BUILTIN -> fn("read_file", "path", path);
                case OPENCODE -> fn("read", "filePath", abs);
                case CODEX -> fn("exec_command", "cmd", "cat " + path, "workdir", WORKDIR);
                case CLAUDE -> fn("Read", "file_path", abs);
                case RAW -> verbatim(call);
            };
            case "finish" -> fn("finish", "summary", a.get("summary"));
            default -> verbatim(call);
        };
    }

    private static Rendered verbatim(ModelScript.Call call) {
        return new Rendered(call.tool(), Json.write(call.args() == null ? Map.of() : call.args()), false);
    }

    private static Rendered fn(String name, Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return new Rendered(name, Json.write(m), false);
    }

    /** Codex apply_patch: create a file. */
    static String patchAdd(String path, String content) {
        StringBuilder p = new StringBuilder("*** Begin Patch\n*** Add File: ").append(path).append('\n');
        String body = content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
        for (String line : body.split("\n", -1)) p.append('+').append(line).append('\n');
        return p.append("*** End Patch\n").toString();
    }

    /** Codex apply_patch: replace the lines of {@code old} with those of {@code replacement}. */
    static String patchUpdate(String path, String old, String replacement) {
        StringBuilder p = new StringBuilder("*** Begin Patch\n*** Update File: ").append(path).append("\n@@\n");
        for (String line : old.split("\n")) p.append('-').append(line).append('\n');
        for (String line : replacement.split("\n")) p.append('+').append(line).append('\n');
        return p.append("*** End Patch\n").toString();
    }
}
