package dev.agentruntime.jenkins;

import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.common.AtomicFiles;
import dev.agentruntime.common.Json;
import java.nio.file.Path;
import java.time.Instant;

/** cancel.json, written as {@code agent-runtime cancel} writes it: the runtime removes its sandbox and ends CANCELLED. */
public final class CancelRequest {
    private CancelRequest() {}

    /** @return false when the run had already ended (nothing written) */
    public static boolean write(Path runDir, String by) {
        RunDirectory dir = new RunDirectory(runDir);
        if (dir.exists() && dir.readState().status().isTerminal()) return false;
        AtomicFiles.write(dir.cancelRequest(), Json.write(Json.object().put("ts", Instant.now().toString()).put("by", by)) + "\n");
        return true;
    }
}
