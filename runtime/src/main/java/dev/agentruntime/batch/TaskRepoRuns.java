package dev.agentruntime.batch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentruntime.report.Report;
import dev.agentruntime.sandbox.DiskVolume;
import dev.agentruntime.sandbox.Sandbox;
import dev.agentruntime.sandbox.Docker;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.stream.Stream;
import dev.agentruntime.rundir.Liveness;
import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.rundir.RunState;
import dev.agentruntime.rundir.Status;
import dev.agentruntime.run.RunOptions;
import dev.agentruntime.run.TaskRunner;
import dev.agentruntime.common.Json;
import dev.agentruntime.common.Text;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs a repository's task in this process with the ordinary {@link TaskRunner}: its own sandbox, branch and run
 * directory under the runs directory. A run that exists already is continued from its last checkpoint (or started, if
 * it never got past CREATED); one that has ended is only read — nothing is repeated.
 */
public final class TaskRepoRuns implements RepoRuns {
    private final Path runsDir;
    private final RunOptions options;
    private final Map<String, TaskRunner> active = new ConcurrentHashMap<>();
    private volatile boolean cancelled;

    public TaskRepoRuns(Path runsDir, RunOptions options) {
        this.runsDir = runsDir;
        this.options = options;
    }

    @Override
    public RunSummary run(String runId, Batch.Item item) {
        TaskRunner runner = new TaskRunner(options);
        active.put(runId, runner);
        try {
            if (cancelled) runner.cancel();
            Path root = runsDir.resolve(runId);
            RunDirectory dir;
            RunState end;
            if (Files.exists(root) && (!Files.exists(root.resolve(RunDirectory.STATE)) || diedBeforeItsBranch(new RunDirectory(root)))) {
                discard(new RunDirectory(root)); // killed while it was being created or provisioned: nothing of it left the machine
            }
            if (!Files.exists(root)) {
                dir = runner.create(item.task(), runsDir, runId);
                end = runner.execute(dir, item.task());
            } else {
                dir = new RunDirectory(root);
                RunState st = dir.readState();
                end = st.status().isTerminal() ? st
                        : st.status() == Status.CREATED ? runner.execute(dir, item.task())
                        : runner.resume(dir);
            }
            return summary(dir, end);
        } finally {
            active.remove(runId);
        }
    }

    @Override
    public void cancelAll() {
        cancelled = true;
        active.values().forEach(TaskRunner::cancel);
    }

    /**
     * A run whose runtime died while cloning or before its branch existed cannot be resumed (there is nothing to
     * continue) but did nothing outside this machine either: the batch starts it again under the same run id.
     */
    static boolean diedBeforeItsBranch(RunDirectory dir) {
        RunState st = dir.readState();
        return !st.status().isTerminal() && st.status() != Status.CREATED && st.branch() == null
                && !Boolean.TRUE.equals(st.pushed()) && !Liveness.of(dir).alive();
    }

    private void discard(RunDirectory dir) {
        new Docker("docker", options.dockerEnv()).run(List.of("rm", "-f", "-v", Sandbox.containerName(dir.runId())), Docker.CALL_TIMEOUT, null, 4096);
        DiskVolume.unmountAll(dir);
        try (Stream<Path> files = Files.walk(dir.root())) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the unfinished run " + dir.root(), e);
        }
    }

    static RunSummary summary(RunDirectory dir, RunState end) {
        Report report = null;
        try {
            if (Files.exists(dir.reportJson())) report = Json.MAPPER.readValue(dir.reportJson().toFile(), Report.class);
        } catch (IOException unreadable) {
            // the row shows what state.json says
        }
        String verify = report == null || report.verification() == null ? "not run" : report.verification().passed() ? "passed" : "failed";
        Long tokens = report == null || report.usage() == null ? null : report.usage().inputTokens() + report.usage().outputTokens();
        Long millis = report == null || report.durations() == null ? null : report.durations().total();
        RepoRecord.Outcome outcome = RepoRecord.Outcome.valueOf(end.status().name());
        String handoff = outcome == RepoRecord.Outcome.SUCCEEDED ? null : handoff(dir, end);
        return new RunSummary(outcome, end.branch(), end.commit(), end.pushed(), verify, tokens, millis, end.reason(), handoff);
    }

    /** One paragraph from handoff.json (HANDED_OFF) or the state (FAILED, CANCELLED): why, what failed, where the work is, how to go on. */
    static String handoff(RunDirectory dir, RunState end) {
        List<String> parts = new ArrayList<>();
        Path f = dir.root().resolve("handoff.json");
        if (Files.exists(f)) {
            try {
                JsonNode h = Json.MAPPER.readTree(f.toFile());
                parts.add(h.path("reason").asText(end.reason()));
                List<String> failing = new ArrayList<>();
                h.path("failingTests").forEach(t -> failing.add(t.asText()));
                if (!failing.isEmpty()) parts.add("failing: " + Text.abbreviate(String.join(", ", failing), 300));
                JsonNode repo = h.path("repo");
                if (repo.hasNonNull("branch")) {
                    parts.add("work on " + repo.path("branch").asText() + (repo.path("pushed").asBoolean() ? " (pushed)" : " (not pushed)"));
                }
                parts.add("continue: agent-runtime run TASK_FILE --continue-from " + dir.runId() + "; details in " + dir.root().resolve("handoff.md"));
                return String.join("; ", parts);
            } catch (IOException unreadable) {
                parts.clear();
            }
        }
        parts.add(end.reason() == null ? end.status().name() : end.reason());
        parts.add("see " + dir.reportMd());
        return String.join("; ", parts);
    }
}
