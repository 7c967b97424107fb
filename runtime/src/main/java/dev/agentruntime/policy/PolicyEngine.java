package dev.agentruntime.policy;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.Locale;

/** Decides actions with a {@link Policy}: the first matching rule wins. */
public final class PolicyEngine {
    /** The outcome: decision, and which rule made it (-1: none matched, allowed). */
    public record Decision(String decision, int rule, String reason) {
        public boolean allowed() {
            return decision.equals("allow");
        }
    }

    private final Policy policy;

    public PolicyEngine(Policy policy) {
        this.policy = policy;
    }

    public Decision decide(Action a) {
        for (int i = 0; i < policy.rules().size(); i++) {
            Policy.Rule r = policy.rules().get(i);
            if (matches(r, a)) return new Decision(r.decision(), i, r.reason() != null ? r.reason() : r.action() + " rule");
        }
        return new Decision("allow", -1, "no rule matched");
    }

    static boolean matches(Policy.Rule r, Action a) {
        if (!r.action().equals(a.kind())) return false;
        if (r.pattern() != null && !glob(r.pattern(), a.subject().trim())) return false;
        if (r.path() != null && !pathGlob(r.path(), a.subject())) return false;
        if (r.host() != null && !hostMatches(r.host(), a.subject())) return false;
        return r.name() == null || r.name().equals(a.subject());
    }

    /** Shell patterns: {@code *} matches anything (including spaces and slashes). */
    static boolean glob(String pattern, String text) {
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*') re.append(".*");
            else if (c == '?') re.append('.');
            else re.append(java.util.regex.Pattern.quote(String.valueOf(c)));
        }
        return text.matches(re.toString());
    }

    /** {@code **}{@code /x} also matches {@code x} at the top (Java's glob needs a directory there otherwise). */
    static boolean pathGlob(String pattern, String path) {
        String p = Actions.workspacePath(path);
        if (matcher(pattern).matches(Path.of(p))) return true;
        return pattern.startsWith("**/") && matcher(pattern.substring(3)).matches(Path.of(p));
    }

    private static PathMatcher matcher(String pattern) {
        return FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    }

    static boolean hostMatches(String pattern, String hostPort) {
        String host = hostPort.contains(":") && !hostPort.startsWith("[") ? hostPort.substring(0, hostPort.lastIndexOf(':')) : hostPort;
        String p = pattern.toLowerCase(Locale.ROOT);
        String h = host.toLowerCase(Locale.ROOT);
        return p.startsWith("*.") ? h.endsWith(p.substring(1)) : h.equals(p);
    }
}
