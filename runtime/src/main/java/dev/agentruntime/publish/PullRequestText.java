package dev.agentruntime.publish;

import dev.agentruntime.report.Report;
import dev.agentruntime.common.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Title and body of a run's pull request: what a reviewer decides from. */
public final class PullRequestText {
    private PullRequestText() {}

    public static String title(Report r) {
        String s = r.summary() != null && !r.summary().isBlank() ? Text.firstLine(r.summary()) : "Agent run " + r.taskId();
        return Text.abbreviate(s, 72);
    }

    /** @param reportLocation where the full report is (a path, or a Jenkins artifact URL) */
    public static String body(Report r, String reportLocation) {
        return body(r, List.of(), reportLocation);
    }

    /** @param gates pipeline gates decided after the report was written (agentApprove), listed with the run's decisions */
    public static String body(Report r, List<Report.Decision> gates, String reportLocation) {
        StringBuilder b = new StringBuilder();
        if (r.summary() != null && !r.summary().isBlank()) b.append(r.summary().strip()).append("\n\n");
        b.append("| | |\n|---|---|\n");
        b.append("| Task | `").append(r.taskId()).append("` |\n");
        b.append("| Agent | ").append(r.agent()).append(" |\n");
        b.append("| Run | `").append(r.runId()).append("` — ").append(r.outcome()).append(" |\n");
        if (r.usage() != null) {
            b.append("| Usage | ").append(r.usage().turns()).append(" turns, ").append(r.usage().totalTokens()).append(" tokens");
            if (r.usage().costUsd() != null) b.append(String.format(Locale.ROOT, ", $%.4f", r.usage().costUsd()));
            b.append(" |\n");
        }
        b.append('\n');
        if (r.diffStat() != null) {
            b.append("### Changes\n\n").append(r.diffStat().files()).append(r.diffStat().files() == 1 ? " file, +" : " files, +").append(r.diffStat().insertions()).append(" −")
                    .append(r.diffStat().deletions()).append("\n\n```\n").append(r.diffStat().text().strip()).append("\n```\n\n");
        }
        var v = r.verification();
        b.append("### Verification: ").append(v == null ? "not run" : v.passed() ? "passed" : "FAILED").append("\n\n");
        if (v != null) {
            for (var c : v.commands()) {
                b.append("- `").append(c.command()).append("` → ").append(c.timedOut() ? "timed out" : "exit " + c.exitCode()).append('\n');
            }
            if (v.junit() != null && v.junit().tests() > 0) {
                b.append("- tests: ").append(v.junit().tests()).append(" run, ").append(v.junit().failed()).append(" failed\n");
            }
            if (v.labels() != null) {
                for (var l : v.labels()) b.append("- `").append(l.test()).append("`: **").append(l.label()).append("**\n");
            }
            b.append('\n');
        }
        b.append("### Approvals and denials\n\n");
        List<Report.Decision> decisions = new ArrayList<>(r.decisions() == null ? List.of() : r.decisions());
        decisions.addAll(gates);
        if (decisions.isEmpty()) b.append("none\n\n");
        else {
            b.append("| turn | action | subject | decision | by | why |\n|---|---|---|---|---|---|\n");
            for (var d : decisions) {
                b.append("| ").append(d.turn() == null ? "" : d.turn()).append(" | ").append(d.action()).append(" | `").append(d.subject())
                        .append("` | ").append(d.decision()).append(" | ").append(d.by()).append(" | ").append(d.reason() == null ? "" : d.reason()).append(" |\n");
            }
            b.append('\n');
        }
        if (r.network() != null && r.network().denied() > 0) {
            b.append("Outbound connections denied: ").append(r.network().denied()).append("\n\n");
        }
        b.append("Full report: ").append(reportLocation).append("\n\n<sub>Opened by agent-runtime. Run id ").append(r.runId()).append(".</sub>\n");
        return b.toString();
    }
}
