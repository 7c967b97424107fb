package dev.agentruntime.jenkins;

import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.rundir.RunState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** agentTask's return value, usable from Groovy: {@code def r = agentTask(...); echo r.status}. */
public final class RunResult {
    private RunResult() {}

    /** status, reason, runId, runDir, branch, commit, pushed, reportPath (absent values are left out). */
    public static Map<String, Object> of(Path runDir) {
        RunDirectory dir = new RunDirectory(runDir);
        RunState s = dir.readState();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", s.status().name());
        putIfNotNull(out, "reason", s.reason());
        out.put("runId", dir.runId());
        out.put("runDir", dir.root().toString());
        putIfNotNull(out, "branch", s.branch());
        putIfNotNull(out, "commit", s.commit());
        out.put("pushed", Boolean.TRUE.equals(s.pushed()));
        if (Files.isRegularFile(dir.reportJson())) out.put("reportPath", dir.reportJson().toString());
        return out;
    }

    private static void putIfNotNull(Map<String, Object> m, String k, Object v) {
        if (v != null) m.put(k, v);
    }
}
