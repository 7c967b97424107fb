package dev.agentruntime.policy;

import dev.agentruntime.common.BadInputException;
import dev.agentruntime.util.SpecReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A policy: rules over action kinds, each allow | deny | ask; the first rule that matches decides; an action no
 * rule matches is allowed. {@code registries}: host patterns of the package registries (a Nexus, an Artifactory);
 * a connection to one through the egress proxy is also a package-install action. Data, never hosts written in code.
 * See docs/policy.md.
 */
public record Policy(List<Rule> rules, List<String> registries) {
    public Policy {
        registries = registries == null ? List.of() : List.copyOf(registries);
    }

    /** Action kinds a rule can name. */
    public static final List<String> ACTIONS = List.of("shell", "write", "read", "package-install", "network", "secret", "push");
    public static final List<String> DECISIONS = List.of("allow", "deny", "ask");

    /**
     * One rule. Matchers left out match anything.
     *
     * @param action   the action kind
     * @param pattern  for shell: a glob over the command line ({@code npm install*})
     * @param path     for write/read: a glob over the workspace path ({@code .github/workflows/**})
     * @param host     for network: a host pattern ({@code *.npm.acme.internal})
     * @param name     for secret: the secret's name; for package-install: the package manager
     * @param decision allow, deny or ask
     * @param reason   shown with the decision
     */
    public record Rule(String action, String pattern, String path, String host, String name, String decision, String reason) {}

    public static Policy load(Path file) {
        return validate(SpecReader.read(file, Policy.class), file.toString());
    }

    public static Policy parse(String yaml, String source) {
        return validate(SpecReader.parse(yaml, Policy.class, source), source);
    }

    /** The documented default policy shipped with the runtime. */
    public static Policy defaults() {
        try (InputStream in = Policy.class.getResourceAsStream("default-policy.yaml")) {
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "default policy");
        } catch (IOException e) {
            throw new IllegalStateException("the default policy is missing from the runtime jar", e);
        }
    }

    static Policy validate(Policy p, String source) {
        List<String> problems = new ArrayList<>();
        if (p.rules() == null || p.rules().isEmpty()) problems.add("rules: required; a list of {action, …, decision}");
        else {
            for (int i = 0; i < p.rules().size(); i++) {
                Rule r = p.rules().get(i);
                String f = "rules[" + i + "]";
                if (r == null) {
                    problems.add(f + ": must be an object");
                    continue;
                }
                if (!ACTIONS.contains(r.action())) problems.add(f + ".action: \"" + r.action() + "\" is not valid; allowed: " + String.join(", ", ACTIONS));
                if (!DECISIONS.contains(r.decision())) problems.add(f + ".decision: \"" + r.decision() + "\" is not valid; allowed: allow, deny, ask");
                if (r.pattern() != null && !"shell".equals(r.action())) problems.add(f + ".pattern: only for action shell");
                if (r.path() != null && !List.of("write", "read").contains(r.action())) problems.add(f + ".path: only for actions write and read");
                if (r.host() != null && !"network".equals(r.action())) problems.add(f + ".host: only for action network");
            }
        }
        for (int i = 0; i < p.registries().size(); i++) {
            String h = p.registries().get(i);
            if (h == null || !h.matches("(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")) {
                problems.add("registries[" + i + "]: \"" + h + "\" is not a host or *.domain (e.g. nexus.acme.internal, *.registry.acme.internal)");
            }
        }
        if (!problems.isEmpty()) throw new BadInputException(source, problems);
        return p;
    }
}
