package dev.agentruntime.jenkins;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * agentTask's {@code secrets} parameter: task secrets taken from an enclosing {@code withCredentials} block, one per
 * line, {@code VARIABLE: phase, phase} (phases: setup, agent, verify). Each becomes a runtime task secret of the same
 * name read from the runtime's environment ({@code fromEnv}), so it is scoped and masked by the runtime like any
 * other; the value travels in the launched process's environment only.
 */
public final class SecretBindings {
    /** One bound variable and where the runtime may inject it. */
    public record Binding(String name, List<String> phases) {}

    private static final List<String> PHASES = List.of("setup", "agent", "verify");

    private SecretBindings() {}

    public static List<Binding> parse(String text) {
        List<Binding> out = new ArrayList<>();
        if (text == null) return out;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            int colon = line.indexOf(':');
            if (colon < 0) throw new IllegalArgumentException("agentTask secrets: \"" + line + "\" must be VARIABLE: phase[, phase] (phases: setup, agent, verify)");
            String name = line.substring(0, colon).strip();
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) throw new IllegalArgumentException("agentTask secrets: \"" + name + "\" is not an environment variable name");
            List<String> phases = new ArrayList<>();
            for (String p : line.substring(colon + 1).split(",")) {
                String phase = p.strip();
                if (phase.isEmpty()) continue;
                if (!PHASES.contains(phase)) throw new IllegalArgumentException("agentTask secrets: " + name + ": unknown phase \"" + phase + "\"; use setup, agent or verify");
                phases.add(phase);
            }
            if (phases.isEmpty()) throw new IllegalArgumentException("agentTask secrets: " + name + " names no phase; use setup, agent or verify");
            out.add(new Binding(name, List.copyOf(phases)));
        }
        return out;
    }

    /** The values for the launched runtime, taken from the step's environment (where withCredentials bound them). */
    public static Map<String, String> values(List<Binding> bindings, Map<String, String> stepEnvironment) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Binding b : bindings) {
            String v = stepEnvironment.get(b.name());
            if (v == null || v.isEmpty()) {
                throw new IllegalArgumentException("agentTask secrets: " + b.name() + " is not bound; wrap the step in "
                        + "withCredentials([string(credentialsId: '…', variable: '" + b.name() + "')]) { … }");
            }
            out.put(b.name(), v);
        }
        return out;
    }
}
