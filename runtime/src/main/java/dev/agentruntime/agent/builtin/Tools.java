package dev.agentruntime.agent.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentruntime.agent.ToolKind;
import dev.agentruntime.sandbox.ExecResult;
import dev.agentruntime.sandbox.Sandbox;
import dev.agentruntime.util.CappedOutput;
import dev.agentruntime.common.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The built-in agent's tools. Every one of them acts inside the sandbox (via exec), so the container's limits —
 * no network, read-only root, non-root user — apply to file operations as much as to shell commands.
 */
final class Tools {
    static final String FINISH = "finish";
    static final Duration DEFAULT_BASH_TIMEOUT = Duration.ofMinutes(2);
    static final int EXEC_CAP = 256 * 1024;
    static final int MODEL_CAP = 16 * 1024;

    /** Result handed back to the model, plus what the event log records. */
    record Result(boolean ok, String content, Integer exitCode) {
        static Result error(String message) {
            return new Result(false, "error: " + message, null);
        }
    }

    private final Sandbox sandbox;
    private final Supplier<Duration> remaining;
    private final dev.agentruntime.common.Masker masker;

    Tools(Sandbox sandbox, Supplier<Duration> remaining, dev.agentruntime.common.Masker masker) {
        this.sandbox = sandbox;
        this.remaining = remaining;
        this.masker = masker;
    }

    static ToolKind kind(String tool) {
        return switch (tool) {
            case "bash" -> ToolKind.shell;
            case "write_file" -> ToolKind.write;
            case "edit_file" -> ToolKind.edit;
            case "read_file" -> ToolKind.read;
            default -> ToolKind.other;
        };
    }

    static ArrayNode definitions() {
        ArrayNode tools = Json.MAPPER.createArrayNode();
        define(tools, "bash", "Run a bash command in the workspace (/workspace). No network. Returns exit code and output.",
                "command", "string", "The command line", "timeout_seconds", "integer", "Optional limit, default 120");
        define(tools, "read_file", "Read a text file of the workspace.", "path", "string", "Path relative to /workspace");
        define(tools, "write_file", "Create or overwrite a file of the workspace.",
                "path", "string", "Path relative to /workspace", "content", "string", "Full new content");
        define(tools, "edit_file", "Replace one exact occurrence of old_string with new_string in a file.",
                "path", "string", "Path relative to /workspace", "old_string", "string", "Exact text to replace; must occur once",
                "new_string", "string", "Replacement text");
        define(tools, FINISH, "Call when the task is done (and tests pass), with a summary of what you changed.",
                "summary", "string", "What was changed and why");
        return tools;
    }

    private static void define(ArrayNode tools, String name, String description, String... params) {
        ObjectNode fn = tools.addObject().put("type", "function").putObject("function");
        fn.put("name", name).put("description", description);
        ObjectNode schema = fn.putObject("parameters").put("type", "object");
        ObjectNode props = schema.putObject("properties");
        ArrayNode required = schema.putArray("required");
        for (int i = 0; i < params.length; i += 3) {
            props.putObject(params[i]).put("type", params[i + 1]).put("description", params[i + 2]);
            if (!params[i + 2].startsWith("Optional")) required.add(params[i]);
        }
        schema.put("additionalProperties", false);
    }

    Result call(String name, JsonNode args) {
        return switch (name) {
            case "bash" -> bash(args);
            case "read_file" -> read(args);
            case "write_file" -> write(args);
            case "edit_file" -> edit(args);
            default -> Result.error("unknown tool \"" + name + "\"; available: bash, read_file, write_file, edit_file, finish");
        };
    }

    private Result bash(JsonNode args) {
        String command = args.path("command").asText("");
        if (command.isBlank()) return Result.error("bash needs a non-empty \"command\"");
        Duration limit = args.hasNonNull("timeout_seconds")
                ? Duration.ofSeconds(Math.max(1, args.get("timeout_seconds").asLong()))
                : DEFAULT_BASH_TIMEOUT;
        Duration left = remaining.get();
        if (left.compareTo(limit) < 0) limit = left.isZero() ? Duration.ofSeconds(1) : left;
        ExecResult r = sandbox.exec(command, limit, EXEC_CAP);
        String head = r.timedOut() ? "timed out after " + limit.toSeconds() + "s" : "exit code: " + r.exitCode();
        // Masked before it is cut: a cut must not leave half a secret unrecognisable.
        return new Result(r.ok(), head + "\n" + CappedOutput.tail(masker.mask(r.output()), MODEL_CAP), r.exitCode());
    }

    private Result read(JsonNode args) {
        String path = path(args);
        if (path == null) return Result.error("path must be inside /workspace");
        ExecResult r = sandbox.exec("cat -- " + shellQuote(path), Duration.ofSeconds(30), EXEC_CAP);
        if (!r.ok()) return Result.error(r.output().strip());
        return new Result(true, CappedOutput.tail(masker.mask(r.output()), 64 * 1024), 0);
    }

    private Result write(JsonNode args) {
        String path = path(args);
        if (path == null) return Result.error("path must be inside /workspace");
        if (!args.has("content")) return Result.error("write_file needs \"content\"");
        return put(path, args.get("content").asText(), "wrote " + path);
    }

    private Result edit(JsonNode args) {
        String path = path(args);
        if (path == null) return Result.error("path must be inside /workspace");
        String oldS = args.path("old_string").asText("");
        String newS = args.path("new_string").asText("");
        if (oldS.isEmpty()) return Result.error("edit_file needs a non-empty \"old_string\"");
        ExecResult r = sandbox.exec("cat -- " + shellQuote(path), Duration.ofSeconds(30), 8 * 1024 * 1024);
        if (!r.ok()) return Result.error(r.output().strip());
        if (r.truncated()) return Result.error(path + " is too large to edit; use bash");
        String content = r.output();
        int first = content.indexOf(oldS);
        if (first < 0) return Result.error("old_string not found in " + path);
        if (content.indexOf(oldS, first + 1) >= 0) return Result.error("old_string occurs more than once in " + path + "; include more context");
        return put(path, content.substring(0, first) + newS + content.substring(first + oldS.length()), "edited " + path);
    }

    private Result put(String path, String content, String okMessage) {
        ExecResult r = sandbox.exec("mkdir -p -- \"$(dirname -- " + shellQuote(path) + ")\" && cat > " + shellQuote(path),
                Duration.ofSeconds(30), 64 * 1024, content.getBytes(StandardCharsets.UTF_8));
        return r.ok() ? new Result(true, okMessage, 0) : Result.error(r.output().strip());
    }

    /** Absolute in-sandbox path under /workspace, or null when the argument points elsewhere. */
    static String path(JsonNode args) {
        String p = args.path("path").asText("");
        if (p.isBlank()) return null;
        Path abs = Path.of(Sandbox.WORKSPACE).resolve(p).normalize();
        if (!abs.startsWith(Sandbox.WORKSPACE) || abs.toString().equals(Sandbox.WORKSPACE)) return null;
        return abs.toString();
    }

    static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
