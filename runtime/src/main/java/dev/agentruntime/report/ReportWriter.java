package dev.agentruntime.report;

import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.common.AtomicFiles;
import dev.agentruntime.common.Json;
import dev.agentruntime.verify.JUnitSummary;
import dev.agentruntime.verify.VerifyResult;

/** Writes report.json and its human twin report.md. */
public final class ReportWriter {
    private ReportWriter() {}

    /** Writes both files with every secret masked (the report quotes command output and the agent's words). */
    public static void write(RunDirectory dir, Report r, dev.agentruntime.common.Masker masker) {
        AtomicFiles.write(dir.reportJson(), masker.mask(Json.pretty(r)) + "\n");
        AtomicFiles.write(dir.reportMd(), masker.mask(markdown(r)));
    }

    static String markdown(Report r) {
        StringBuilder md = new StringBuilder();
        md.append("# Run ").append(r.runId()).append(" — ").append(r.outcome()).append("\n\n");
        if (r.reason() != null) md.append("**Reason:** ").append(r.reason()).append("\n\n");
        md.append(r.readyForPullRequest()
                ? "The branch is verified and pushed: ready for a pull request.\n\n"
                : "**The branch is not ready for a pull request.**\n\n");
        md.append("| | |\n|---|---|\n");
        row(md, "Task", r.taskId());
        row(md, "Repository", r.repo());
        row(md, "Base", r.baseBranch() + (r.baseCommit() != null ? " @ " + r.baseCommit().substring(0, Math.min(12, r.baseCommit().length())) : ""));
        row(md, "Branch", r.branch() + (r.pushed() ? " (pushed)" : " (not pushed)"));
        row(md, "Agent", r.agent());
        if (r.usage() != null) {
            row(md, "Turns", String.valueOf(r.usage().turns()));
            row(md, "Tool calls", String.valueOf(r.usage().toolCalls()));
            row(md, "Tokens", r.usage().totalTokens() + " (input " + r.usage().inputTokens() + ", output "
                    + r.usage().outputTokens() + ", cached " + r.usage().cachedTokens() + ")");
            if (r.usage().costUsd() != null) row(md, "Cost", String.format(java.util.Locale.ROOT, "$%.4f (reported by the agent)", r.usage().costUsd()));
        }
        if (r.durations() != null) {
            var d = r.durations();
            row(md, "Duration", seconds(d.total()) + " (provisioning " + seconds(d.provisioning()) + ", agent "
                    + seconds(d.agent()) + ", verify " + seconds(d.verify()) + ", publish " + seconds(d.publish()) + ")");
        }
        md.append('\n');
        if (r.summary() != null && !r.summary().isBlank()) md.append("## Agent summary\n\n").append(r.summary().strip()).append("\n\n");
        if (r.commits() != null && !r.commits().isEmpty()) {
            md.append("## Commits\n\n");
            for (var c : r.commits()) md.append("- `").append(c.sha(), 0, 12).append("` ").append(c.subject()).append('\n');
            md.append('\n');
        }
        if (r.diffStat() != null) {
            md.append("## Changes\n\n").append(r.diffStat().files()).append(" files, +").append(r.diffStat().insertions())
                    .append(" −").append(r.diffStat().deletions()).append("\n\n```\n").append(r.diffStat().text().strip()).append("\n```\n\n");
            if (r.diff() != null) md.append(patchNote(r.diff())).append("\n\n");
        }
        VerifyResult v = r.verification();
        if (v != null) {
            md.append("## Verification: ").append(v.passed() ? "passed" : "FAILED").append("\n\n");
            for (var c : v.commands()) {
                md.append("- `").append(c.command()).append("` → ").append(c.timedOut() ? "timed out" : "exit " + c.exitCode())
                        .append(" in ").append(seconds(c.millis())).append('\n');
            }
            JUnitSummary j = v.junit();
            if (j != null && j.tests() > 0) {
                md.append("\nTests: ").append(j.tests()).append(" run, ").append(j.failed()).append(" failed, ")
                        .append(j.skipped()).append(" skipped\n");
                for (var f : j.failures()) {
                    String test = f.suite() + "." + f.name();
                    String label = v.labels() == null ? null : v.labels().stream().filter(l -> l.test().equals(test)).map(l -> l.label()).findFirst().orElse(null);
                    md.append("- ").append(label != null ? "**" + label + "** " : "").append(test).append(": ").append(f.message()).append('\n');
                }
            }
            if (!v.passed() && !v.commands().isEmpty()) {
                md.append("\nOutput of the failing command (tail):\n\n```\n")
                        .append(v.commands().get(v.commands().size() - 1).outputTail().strip()).append("\n```\n");
            }
            md.append('\n');
        }
        if (r.decisions() != null && !r.decisions().isEmpty()) {
            md.append("## Approvals and denials\n\n| turn | action | subject | decision | by | reason |\n|---|---|---|---|---|---|\n");
            for (var d : r.decisions()) {
                md.append("| ").append(d.turn() == null ? "" : d.turn()).append(" | ").append(d.action()).append(" | `").append(d.subject())
                        .append("` | ").append(d.decision()).append(" | ").append(d.by()).append(" | ").append(d.reason() == null ? "" : d.reason()).append(" |\n");
            }
            md.append('\n');
        }
        if (r.network() != null && r.network().allowed() + r.network().denied() > 0) {
            md.append("## Network\n\n").append(r.network().allowed()).append(" connections allowed, ")
                    .append(r.network().denied()).append(" denied by the egress allowlist\n");
            for (var d : r.network().denials()) {
                md.append("- denied ").append(d.method()).append(' ').append(d.host()).append(':').append(d.port())
                        .append(" (").append(d.phase()).append(d.turn() != null ? ", turn " + d.turn() : "").append(")\n");
            }
            md.append('\n');
        }
        md.append("Full event log: `events.jsonl` in the run directory.\n");
        return md.toString();
    }

    /** Where the whole diff is, and whether it was cut. */
    static String patchNote(Report.Patch p) {
        return p.truncated()
                ? "The diff is in `" + p.file() + "`, truncated: " + p.bytes() + " of " + p.totalBytes() + " bytes."
                : "The diff is in `" + p.file() + "` (" + p.bytes() + " bytes).";
    }

    private static void row(StringBuilder md, String k, String v) {
        md.append("| ").append(k).append(" | ").append(v == null ? "" : v.replace("|", "\\|")).append(" |\n");
    }

    private static String seconds(long ms) {
        return String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
    }
}
