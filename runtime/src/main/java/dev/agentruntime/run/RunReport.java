package dev.agentruntime.run;

import dev.agentruntime.report.BranchDiff;
import dev.agentruntime.events.Event;
import dev.agentruntime.events.EventReader;
import dev.agentruntime.git.Workspace;
import dev.agentruntime.report.HtmlReport;
import dev.agentruntime.report.Report;
import dev.agentruntime.report.ReportWriter;
import dev.agentruntime.rundir.RunState;
import dev.agentruntime.rundir.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The run's report (report.json, report.md, report.html) from its state, workspace and event log. */
final class RunReport {
    private RunReport() {
    }

    static void write(RunContext run) {
        var dir = run.dir;
        var task = run.task;
        var state = run.state;
        var budget = run.budget;
        Workspace.DiffStat diff = null;
        var commits = List.<Workspace.Commit>of();
        try {
            if (run.ws != null && run.baseCommit != null) {
                diff = run.ws.diffStat(run.baseCommit);
                commits = run.ws.commitsSince(run.baseCommit);
            }
        } catch (RuntimeException e) {
            // The report must be written even when the workspace is broken.
        }
        Report.Patch patch = BranchDiff.write(dir, run.baseCommit, run.secrets.masker());
        List<Event> events = EventReader.readAll(dir.events());
        int toolCalls = (int) events.stream().filter(e -> e.type().equals("tool.call")).count();
        Double cost = events.stream().filter(e -> e.type().equals("agent.usage") && e.data().hasNonNull("costUsd"))
                .map(e -> e.data().get("costUsd").asDouble()).reduce(Double::sum).orElse(null);
        Report r = new Report(RunState.PROTOCOL, dir.runId(), task.id(), state.status(), state.reason(),
                state.status() == Status.SUCCEEDED && Boolean.TRUE.equals(state.pushed()), task.repo(), state.baseBranch(),
                state.branch(), run.baseCommit, Boolean.TRUE.equals(state.pushed()), task.agent(), run.summary, commits, diff, patch, run.verification,
                new Report.Usage(budget.turns(), toolCalls, budget.inputTokens(), budget.outputTokens(), budget.cachedTokens(), budget.totalTokens(), cost),
                new Report.Durations(System.currentTimeMillis() - run.start, run.provisioningMs, run.agentMs, run.verifyMs, run.publishMs),
                network(events), decisions(events), state.createdAt(), Instant.now());
        ReportWriter.write(dir, r, run.secrets.masker());
        try {
            HtmlReport.write(dir, r, events, run.secrets.masker());
        } catch (RuntimeException e) {
            // report.json and report.md are written; the HTML view is best effort.
        }
    }

    private static List<Report.Decision> decisions(List<Event> events) {
        List<Report.Decision> out = new ArrayList<>();
        for (var e : events) {
            if (e.type().equals("approval.decided")) {
                out.add(new Report.Decision(e.turn(), e.text("action"), e.text("subject"), e.text("decision"), e.actor(), e.text("reason")));
            } else if (e.type().equals("policy.denied")) {
                out.add(new Report.Decision(e.turn(), e.text("action"), e.text("subject"), "deny", "policy rules[" + e.text("rule") + "]",
                        e.text("reason")));
            }
        }
        return out;
    }

    private static Report.Network network(List<Event> events) {
        int allowed = 0;
        List<Report.Denial> denials = new ArrayList<>();
        for (var e : events) {
            if (!e.type().equals("egress.request")) continue;
            if (e.data().path("allowed").asBoolean()) allowed++;
            else denials.add(new Report.Denial(e.text("method"), e.text("host"), e.data().path("port").asInt(), e.text("phase"), e.turn()));
        }
        return new Report.Network(allowed, denials.size(), denials);
    }
}
