package dev.agentruntime.common;

import java.util.List;

/**
 * Input a human wrote (a task spec, a script, a command-line argument) is wrong. Every problem names the field,
 * the bad value and what is allowed. The CLI turns this into exit code 2; nothing has been started yet.
 */
public final class BadInputException extends RuntimeException {
    private final String source;
    private final List<String> problems;

    public BadInputException(String source, List<String> problems) {
        super(source + ": " + String.join("; ", problems));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    public BadInputException(String source, String problem) {
        this(source, List.of(problem));
    }

    public String source() {
        return source;
    }

    public List<String> problems() {
        return problems;
    }

    /** Multi-line form for terminals: one problem per line. */
    public String describe() {
        StringBuilder sb = new StringBuilder("invalid ").append(source).append(':');
        for (String p : problems) sb.append(System.lineSeparator()).append("  - ").append(p);
        return sb.toString();
    }
}
