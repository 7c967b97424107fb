package dev.agentruntime.task;

import dev.agentruntime.util.Proc;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.function.Predicate;

/** Predictable branch names from a template, checked with git's own rules (git-check-ref-format). */
public final class BranchNames {
    /**
     * Longest branch name, in UTF-8 bytes. Git keeps refs as files (refs/heads/…, refs/remotes/origin/…) and a file
     * name ends at 255 bytes; 200 leaves room for the -2, -3, … suffix.
     */
    public static final int MAX_BYTES = 200;

    private BranchNames() {}

    public static String render(String template, String taskId, String runId) {
        return template.replace("{taskId}", taskId)
                .replace("{runId}", runId)
                .replace("{date}", LocalDate.now(ZoneOffset.UTC).toString());
    }

    /**
     * Null when {@code name} may be created as a branch: at most {@link #MAX_BYTES} and accepted by
     * {@code git check-ref-format --branch} — git itself, so the rules are exactly those of the git that creates and
     * pushes the branch (they differ between versions: a reimplementation would drift). Else what is wrong.
     */
    public static String problem(String name) {
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) return "is " + bytes + " bytes long; a branch name may have at most " + MAX_BYTES + " bytes (UTF-8)";
        Proc.Result r = Proc.of("git", "check-ref-format", "--branch", name).timeout(Duration.ofSeconds(30)).run();
        if (r.ok() && r.stdout().strip().equals(name)) return null;
        String fixed = sanitise(name);
        return "is not a valid git branch name (git check-ref-format --branch)"
                + (fixed.isEmpty() || fixed.equals(name) ? "" : "; for example use \"" + fixed + "\"");
    }

    /** {@code name} with everything git forbids in a ref replaced by '-' and forbidden endings and dots dropped. */
    public static String sanitise(String name) {
        String s = name.replaceAll("[\\x00-\\x20\\x7f~^:?*\\[\\\\]", "-")
                .replace("@{", "-")
                .replaceAll("\\.{2,}", ".")
                .replaceAll("/+", "/");
        StringBuilder out = new StringBuilder();
        for (String part : s.split("/")) {
            String c = part.replaceAll("^[.-]+", "");
            for (String before = null; !c.equals(before); ) {
                before = c;
                c = c.replaceAll("\\.lock$", "").replaceAll("[.]+$", ""); // "x.lock." → "x.lock" → "x"
            }
            if (c.isEmpty()) continue;
            if (out.length() > 0) out.append('/');
            out.append(c);
        }
        String r = out.toString().replaceAll("-{2,}", "-");
        return r.equals("@") ? "" : r;
    }

    /** {@code base}, or {@code base-2}, {@code base-3}, … — the first that {@code taken} rejects. */
    public static String firstFree(String base, Predicate<String> taken) {
        if (!taken.test(base)) return base;
        for (int i = 2; ; i++) {
            String candidate = base + "-" + i;
            if (!taken.test(candidate)) return candidate;
        }
    }
}
