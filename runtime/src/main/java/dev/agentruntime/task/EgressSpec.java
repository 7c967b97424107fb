package dev.agentruntime.task;

import java.util.List;

/**
 * Which hosts processes in the sandbox may reach, through the runtime's proxy; everything else is denied.
 * Entries are host names with an optional port ({@code nexus.acme.internal}, {@code pypi.acme.internal:443}) or subdomain
 * wildcards ({@code *.files.acme.internal}, which does not match the bare domain). IP literals must be listed as such.
 *
 * @param allow  allowed in every phase
 * @param setup  additionally allowed while setup commands run
 * @param agent  additionally allowed while the agent works
 * @param verify additionally allowed while verification runs
 */
public record EgressSpec(List<String> allow, List<String> setup, List<String> agent, List<String> verify) {
    public static final EgressSpec NONE = new EgressSpec(List.of(), List.of(), List.of(), List.of());

    EgressSpec withDefaults() {
        return new EgressSpec(orEmpty(allow), orEmpty(setup), orEmpty(agent), orEmpty(verify));
    }

    /** Everything allowed in {@code phase} ({@code setup}, {@code agent}, {@code verify}). */
    public List<String> allowedIn(String phase) {
        List<String> extra = switch (phase) {
            case "setup" -> setup;
            case "agent" -> agent;
            case "verify" -> verify;
            default -> List.of();
        };
        return java.util.stream.Stream.concat(allow.stream(), extra.stream()).toList();
    }

    private static List<String> orEmpty(List<String> l) {
        return l == null ? List.of() : List.copyOf(l);
    }
}
