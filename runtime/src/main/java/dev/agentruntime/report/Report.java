package dev.agentruntime.report;

import dev.agentruntime.git.Workspace;
import dev.agentruntime.rundir.Status;
import dev.agentruntime.verify.VerifyResult;
import java.time.Instant;
import java.util.List;

/**
 * report.json: everything a reviewer (or a pull request) needs about one run. Written when the run ends.
 *
 * @param protocol            run-directory protocol version
 * @param outcome             final status
 * @param reason              why it failed or was cancelled; null on success
 * @param readyForPullRequest verified and pushed: a PR may be opened from {@code branch}
 * @param summary             the agent's own summary of its work
 * @param commits             commits on the branch since the base
 * @param diffStat            size of the change
 * @param diff                the change itself: diff.patch beside the report (masked; cut when longer than 1 MiB)
 * @param verification        verify results, or null when verification did not run
 * @param usage               model usage
 * @param durations           wall time per phase, in milliseconds
 * @param network             egress attempts through the proxy: counts, and every denied one
 * @param decisions           every approval decision and every policy denial, with who decided
 */
public record Report(
        int protocol,
        String runId,
        String taskId,
        Status outcome,
        String reason,
        boolean readyForPullRequest,
        String repo,
        String baseBranch,
        String branch,
        String baseCommit,
        boolean pushed,
        String agent,
        String summary,
        List<Workspace.Commit> commits,
        Workspace.DiffStat diffStat,
        Patch diff,
        VerifyResult verification,
        Usage usage,
        Durations durations,
        Network network,
        List<Decision> decisions,
        Instant startedAt,
        Instant finishedAt) {

    /**
     * diff.patch: {@code bytes} of the {@code totalBytes} git produced; {@code truncated} when it was cut (the file
     * then starts with a note saying so).
     */
    public record Patch(String file, long bytes, long totalBytes, boolean truncated) {}

    /** Egress through the runtime's proxy. */
    public record Network(int allowed, int denied, List<Denial> denials) {}

    /** An approval decision or a policy denial. */
    public record Decision(Integer turn, String action, String subject, String decision, String by, String reason) {}

    /** One refused attempt to reach the outside. */
    public record Denial(String method, String host, int port, String phase, Integer turn) {}

    /**
     * Model usage over the run, as the runtime counted it (the gateway for CLI agents). {@code costUsd} is the
     * agent's own cost report, when it makes one.
     */
    public record Usage(int turns, int toolCalls, long inputTokens, long outputTokens, long cachedTokens, long totalTokens,
                        Double costUsd) {}

    /** Milliseconds per phase. */
    public record Durations(long total, long provisioning, long agent, long verify, long publish) {}
}
