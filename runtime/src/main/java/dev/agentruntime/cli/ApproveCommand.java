package dev.agentruntime.cli;

import dev.agentruntime.approval.ApprovalRequest;
import dev.agentruntime.approval.Approvals;
import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.common.BadInputException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "approve", description = "Decide a pending approval request of a run: approve RUN REQ --allow|--deny. "
        + "Without REQ (and without --allow/--deny): list the pending requests.")
final class ApproveCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN", description = "Run id, unique id prefix, or run directory.")
    String run;

    @Parameters(index = "1", arity = "0..1", paramLabel = "REQ", description = "Request id, e.g. ap-0001, or a pipeline gate's gate-….")
    String request;

    @ArgGroup(exclusive = true)
    Choice choice;

    static final class Choice {
        @Option(names = "--allow", required = true, description = "Let the action run.")
        boolean allow;

        @Option(names = "--deny", required = true, description = "Refuse it; the agent is told and goes on (a gate: the pipeline fails).")
        boolean deny;
    }

    @Option(names = "--reason", description = "Why (recorded).")
    String reason;

    @Option(names = "--as", description = "Who decides (recorded; default: the current user).", defaultValue = "${sys:user.name}")
    String as;

    @Mixin
    RunsDirOption runsDir;

    @Override
    public Integer call() {
        RunDirectory dir = runsDir.runs().find(run);
        Approvals approvals = new Approvals(dir);
        if (request == null) {
            List<ApprovalRequest> pending = approvals.pending();
            if (pending.isEmpty()) System.out.println("no pending approval requests in " + dir.runId());
            for (ApprovalRequest r : pending) System.out.println(r.describe());
            return Main.OK;
        }
        if (choice == null) throw new BadInputException("approve", "give --allow or --deny");
        var d = approvals.decide(request, choice.allow, as, reason);
        System.out.println(request + ": " + d.decision() + " by " + d.by());
        return Main.OK;
    }
}
