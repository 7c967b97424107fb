package dev.agentruntime.publish;

import dev.agentruntime.approval.Approvals;
import dev.agentruntime.git.Workspace;
import dev.agentruntime.report.Report;
import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.rundir.RunState;
import dev.agentruntime.rundir.Status;
import dev.agentruntime.sandbox.DiskVolume;
import dev.agentruntime.common.AtomicFiles;
import dev.agentruntime.common.BadInputException;
import dev.agentruntime.common.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * Publishes a finished run: pushes its branch if it is not on origin yet, then opens or updates its pull request
 * (idempotent: the provider looks for the open one with the same head first) and records it in
 * {@code publish.json}. Only runs whose branch is ready — SUCCEEDED — or HANDED_OFF work (as a draft) are published.
 */
public final class RunPublisher {
    private RunPublisher() {}

    public static PullRequest publish(RunDirectory dir, Publisher provider, String repo, boolean draft, List<String> labels) {
        return publish(dir, provider, repo, draft, labels, null);
    }

    /** @param pushToken token for an HTTP(S) origin when the branch still has to be pushed; null: git's own credentials */
    public static PullRequest publish(RunDirectory dir, Publisher provider, String repo, boolean draft, List<String> labels, String pushToken) {
        return publish(dir, provider, repo, draft, labels, pushToken, null);
    }

    /**
     * @param reportUrl where reviewers find report.html (e.g. the Jenkins artifact); null: its path in the run
     *                  directory
     */
    public static PullRequest publish(RunDirectory dir, Publisher provider, String repo, boolean draft, List<String> labels, String pushToken,
                                      String reportUrl) {
        RunState state = dir.readState();
        if (state.status() != Status.SUCCEEDED && state.status() != Status.HANDED_OFF) {
            throw new BadInputException("RUN", "run " + dir.runId() + " is " + state.status() + "; only SUCCEEDED runs (or HANDED_OFF ones, as drafts) are published");
        }
        if (state.branch() == null || state.baseBranch() == null) throw new BadInputException("RUN", "run " + dir.runId() + " has no branch to publish");
        Report report;
        try {
            report = Json.MAPPER.readValue(dir.reportJson().toFile(), Report.class);
        } catch (IOException e) {
            throw new BadInputException("RUN", "cannot read " + dir.reportJson() + ": " + e.getMessage());
        }
        if (!Boolean.TRUE.equals(state.pushed())) {
            DiskVolume.remount(dir);
            try {
                // Git credentials in the environment (GitCredentials, e.g. an SSH key) push; else the token does.
                dev.agentruntime.git.GitCredentials git = dev.agentruntime.git.GitCredentials.from(System::getenv);
                Workspace ws = Workspace.open(dir.workspace(), git);
                if (pushToken != null && git.isEmpty()) ws.pushWithToken(state.branch(), pushToken);
                else ws.push(state.branch());
                dir.writeState(state.withCommit(state.commit(), true));
            } finally {
                DiskVolume.unmountAll(dir);
            }
        }
        boolean asDraft = draft || state.status() == Status.HANDED_OFF;
        String where = reportUrl != null ? reportUrl : dir.root().resolve("report.html").toString();
        PullRequest pr = provider.openOrUpdate(new PullRequestSpec(repo, state.branch(), state.baseBranch(),
                PullRequestText.title(report), PullRequestText.body(report, gateDecisions(dir), where), asDraft, labels));
        AtomicFiles.write(dir.root().resolve("publish.json"), Json.pretty(Json.object().put("number", pr.number()).put("url", pr.url())
                .put("created", pr.created()).put("draft", asDraft).put("repo", repo).put("branch", state.branch())
                .put("ts", Instant.now().toString())) + "\n");
        return pr;
    }

    /** Pipeline gates decided after the run ended (agentApprove): the report was written before them. */
    static List<Report.Decision> gateDecisions(RunDirectory dir) {
        Approvals approvals = new Approvals(dir);
        return approvals.all().stream().filter(r -> Approvals.GATE.equals(r.action()))
                .flatMap(r -> approvals.decision(r.id()).stream()
                        .map(d -> new Report.Decision(null, Approvals.GATE, r.subject(), d.decision(), d.by(), d.reason())))
                .toList();
    }
}
