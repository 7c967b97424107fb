package dev.agentruntime.run;

import dev.agentruntime.common.BadInputException;
import dev.agentruntime.common.Json;
import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.rundir.RunState;
import dev.agentruntime.task.TaskSpec;
import dev.agentruntime.task.TaskSpecs;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/** What must hold before a run directory is made: anything wrong is bad input (exit 2), and nothing is left behind. */
public final class RunInputs {
    private RunInputs() {}

    /** task.json's bytes, once the branch the run will use (with its real run id) is one git accepts. */
    static byte[] checkBeforeCreate(TaskSpec task, String runId) {
        String problem = TaskSpecs.branchProblem(task.branch(), task.id(), runId);
        if (problem != null) throw new BadInputException("task " + task.id() + " with run id " + runId, problem);
        try {
            ByteBuffer b = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(Json.pretty(task) + "\n"));
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            return bytes;
        } catch (CharacterCodingException e) {
            throw new BadInputException("task " + task.id(), "holds text that cannot be written as UTF-8 (an unpaired surrogate)");
        }
    }

    /** The state of a handed-off run that {@code run --continue-from} may continue: its branch was pushed. */
    public static RunState continuable(RunDirectory previous) {
        RunState p = previous.readState();
        if (p.branch() == null || !Boolean.TRUE.equals(p.pushed())) {
            throw new BadInputException("--continue-from", "run " + previous.runId() + " has no pushed branch to continue ("
                    + p.status() + ")");
        }
        return p;
    }
}
