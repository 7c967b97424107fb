package dev.agentruntime.verify;

import dev.agentruntime.events.EventLog;
import dev.agentruntime.sandbox.ExecResult;
import dev.agentruntime.sandbox.Sandbox;
import dev.agentruntime.task.VerifySpec;
import dev.agentruntime.util.CappedOutput;
import dev.agentruntime.common.Json;
import java.util.ArrayList;
import java.util.List;

/** Runs the task's verify commands in a sandbox, in order, stopping at the first failure. */
public final class Verifier {
    static final int OUTPUT_CAP = 512 * 1024;
    static final int TAIL_CHARS = 4000;

    private Verifier() {}

    public static List<VerifyResult.CommandResult> run(VerifySpec spec, Sandbox sandbox, EventLog log) {
        List<VerifyResult.CommandResult> results = new ArrayList<>();
        for (String command : spec.commands()) {
            log.append("verify.command.started", "verify", Json.object().put("command", command));
            ExecResult r = sandbox.exec(command, spec.timeout(), OUTPUT_CAP);
            String tail = CappedOutput.tail(log.masker().mask(r.output()), TAIL_CHARS); // mask, then cut
            results.add(new VerifyResult.CommandResult(command, r.exitCode(), r.millis(), r.timedOut(), tail));
            log.append("verify.command.finished", "verify", Json.object().put("command", command)
                    .put("exitCode", r.exitCode()).put("millis", r.millis()).put("timedOut", r.timedOut())
                    .put("outputTail", tail));
            if (!r.ok()) break;
        }
        return results;
    }
}
