package dev.agentruntime.run;

import dev.agentruntime.common.Json;
import dev.agentruntime.common.Text;
import dev.agentruntime.secrets.SecretFiles;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The host's commit of the agent's work: never over nested git metadata, a secret's value or what the policy refuses. */
final class WorkCommit {
    private final RunContext run;
    private final RunGates gates;

    WorkCommit(RunContext run, RunGates gates) {
        this.run = run;
        this.gates = gates;
    }

    /** Commits the workspace if it changed ({@code note}: marks a work-in-progress commit); returns whether the branch has work on it. */
    boolean commitWork(String note) {
        var ws = run.ws;
        var log = run.log;
        var task = run.task;
        var secrets = run.secrets;
        if (ws == null) return false;
        List<String> nested = ws.nestedGitMetadata();
        if (!nested.isEmpty()) {
            log.append("commit.blocked", "git", Json.object().put("nestedGitMetadata", String.join(", ", nested)));
            throw new IllegalStateException("the commit was blocked: the workspace contains git metadata of a nested repository at "
                    + String.join(", ", nested) + "; the runtime never runs git inside agent-made repositories — remove it, or add the files without it");
        }
        if (ws.hasChanges()) {
            Map<String, String> trailers = new LinkedHashMap<>();
            trailers.put("Agent-Run", run.dir.runId());
            trailers.put("Agent", task.agent());
            trailers.put("Task", task.id());
            String summary = run.summary;
            boolean hasSummary = summary != null && !summary.isBlank();
            // Masked before it is cut: a secret straddling the cut would otherwise be pushed minus its last character.
            String subject = Text.abbreviate(secrets.masker().mask(Text.firstLine(hasSummary ? summary : task.instructions())), 72);
            if (note != null) subject = "WIP: " + subject + " (" + note + ")";
            // Checked before staging: a blocked commit's content must not become objects in the repository.
            List<String> leaked = SecretFiles.secretsIn(secrets, ws.dir(), ws.changedPaths());
            if (!leaked.isEmpty()) {
                log.append("commit.blocked", "git", Json.object().put("secrets", String.join(", ", leaked)));
                throw new IllegalStateException("the commit was blocked: the workspace changes contain the value of secret "
                        + String.join(", ", leaked) + "; secrets must only be used through their environment variables");
            }
            ws.stage();
            if (gates.policyGate() instanceof PolicyGate pg) { // any commit may be pushed (a handoff pushes work in progress)
                String refused = pg.checkCommit(ws.stagedPaths());
                if (refused != null) {
                    ws.unstage();
                    log.append("commit.blocked", "git", Json.object().put("policy", refused));
                    throw new IllegalStateException("the commit was blocked: " + refused);
                }
            }
            String sha = ws.commitAll(subject, hasSummary ? secrets.masker().mask(summary) : null, trailers);
            run.save(s -> s.withCommit(sha, false));
            log.append("commit.created", "git", Json.object().put("commit", sha).put("branch", run.state.branch()).put("subject", subject));
        }
        return run.baseCommit != null && !ws.head().equals(run.baseCommit);
    }
}
