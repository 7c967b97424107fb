package dev.agentruntime.cli;

import dev.agentruntime.events.AuditChain;
import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.rundir.RunState;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "audit", description = "audit verify RUN: check that the run's event log was not edited, cut or reordered (exit 1 if it was).")
final class AuditCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "verify", description = "verify")
    String action;

    @Parameters(index = "1", paramLabel = "RUN", description = "Run id, unique id prefix, or run directory.")
    String run;

    @Mixin
    RunsDirOption runsDir;

    @Override
    public Integer call() throws Exception {
        if (!action.equals("verify")) {
            throw new dev.agentruntime.common.BadInputException("audit", "\"" + action + "\" is not an audit action; use: audit verify RUN");
        }
        RunDirectory dir = runsDir.runs().find(run);
        RunState s = dir.readState();
        RunState.EventsHead head = s.status().isTerminal() ? s.eventsHead() : null;
        if (s.status().isTerminal() && head == null) {
            System.out.println("audit FAILED: " + dir.runId() + "\n  - state.json of this finished run has no eventsHead: the end of the log cannot be checked");
            return Main.RUN_FAILED;
        }
        List<String> problems = AuditChain.verify(dir.events(), dir.runId(), head == null ? null : head.seq(), head == null ? null : head.hash());
        if (problems.isEmpty()) {
            System.out.println("audit OK: " + dir.runId() + " — the event chain is intact" + (head != null ? " through seq " + head.seq() : " (run still live)"));
            return Main.OK;
        }
        System.out.println("audit FAILED: " + dir.runId());
        problems.forEach(p -> System.out.println("  - " + p));
        return Main.RUN_FAILED;
    }
}
