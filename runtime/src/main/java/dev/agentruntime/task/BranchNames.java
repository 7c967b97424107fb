package dev.agentruntime.task;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.function.Predicate;

/** Predictable branch names from a template, made valid for git (see git-check-ref-format). */
public final class BranchNames {
    private BranchNames() {}

    public static String render(String template, String taskId, String runId) {
        return template.replace("{taskId}", taskId)
                .replace("{runId}", runId)
                .replace("{date}", LocalDate.now(ZoneOffset.UTC).toString());
    }

    /** Replaces everything git forbids in a ref with '-', drops empty and dot-leading components. */
    public static String sanitise(String name) {
        String s = name.replaceAll("[\\x00-\\x20\\x7f~^:?*\\[\\\\]", "-")
                .replace("@{", "-")
                .replaceAll("\\.{2,}", ".")
                .replaceAll("/+", "/");
        StringBuilder out = new StringBuilder();
        for (String part : s.split("/")) {
            String c = part.replaceAll("^[.-]+", "").replaceAll("(\\.lock)+$", "").replaceAll("[.]+$", "");
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
