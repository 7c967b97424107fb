package dev.agentruntime.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentruntime.events.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The policy-relevant actions in a run's events, whichever agent made them. */
public final class Actions {
    private static final Pattern INSTALL = Pattern.compile(
            "\\b(pip3?|python3? -m pip|npm|pnpm|yarn|apt-get|apt|cargo|gem|go|mvn|gradle)\\s+(install|add|i|get)\\b([^;&|]*)");

    private Actions() {}

    /** @param registries host patterns of package registries (the policy's {@code registries}) */
    public static List<Action> from(List<Event> events, List<String> registries) {
        List<Action> out = new ArrayList<>();
        for (Event e : events) {
            JsonNode d = e.data();
            switch (e.type()) {
                case "tool.call" -> out.addAll(ofToolCall(d.path("name").asText(), d.path("kind").asText(), d.path("arguments"), e.turn()));
                case "egress.request" -> {
                    String host = d.path("host").asText();
                    out.add(new Action("network", host + ":" + d.path("port").asInt(), d.path("phase").asText(), e.turn()));
                    if (registries.stream().anyMatch(r -> PolicyEngine.hostMatches(r, host))) out.add(new Action("package-install", host, "seen at the proxy", e.turn()));
                }
                case "secret.injected" -> out.add(new Action("secret", d.path("name").asText(), d.path("phase").asText(), e.turn()));
                case "push.completed" -> out.add(new Action("push", d.path("branch").asText(), d.path("remote").asText(), e.turn()));
                default -> { }
            }
        }
        return out;
    }

    /** The actions one tool call amounts to (a shell command may also be a package install). */
    public static List<Action> ofToolCall(String tool, String kind, JsonNode args, Integer turn) {
        List<Action> out = new ArrayList<>();
        if (kind.equals("shell")) {
            String cmd = firstText(args, "command", "cmd");
            out.add(new Action("shell", cmd, tool, turn));
            Matcher m = INSTALL.matcher(cmd);
            while (m.find()) out.add(new Action("package-install", m.group(1), m.group(3).trim(), turn));
        } else if (kind.equals("write") || kind.equals("edit")) {
            for (String p : paths(args)) out.add(new Action("write", p, tool, turn));
        } else if (kind.equals("read")) {
            for (String p : paths(args)) out.add(new Action("read", p, tool, turn));
        }
        return out;
    }

    private static String firstText(JsonNode args, String... names) {
        for (String n : names) if (args.hasNonNull(n)) return args.get(n).asText();
        return "";
    }

    /** Workspace paths named by a write/edit/read call of any agent, normalised (see {@link #workspacePath}). */
    static List<String> paths(JsonNode args) {
        List<String> p = new ArrayList<>();
        for (String n : List.of("path", "filePath", "file_path")) if (args.hasNonNull(n)) p.add(workspacePath(args.get(n).asText()));
        for (JsonNode c : args.path("changes")) if (c.hasNonNull("path")) p.add(workspacePath(c.get("path").asText())); // codex apply_patch
        return p;
    }

    /**
     * The path relative to /workspace, resolved and normalised exactly as the tools resolve it ({@code ./a},
     * {@code x/../a}, {@code /workspace//a} all become {@code a}); a path outside the workspace stays absolute.
     */
    public static String workspacePath(String raw) {
        java.nio.file.Path ws = java.nio.file.Path.of("/workspace");
        java.nio.file.Path abs = ws.resolve(raw).normalize();
        return abs.startsWith(ws) ? ws.relativize(abs).toString() : abs.toString();
    }
}
