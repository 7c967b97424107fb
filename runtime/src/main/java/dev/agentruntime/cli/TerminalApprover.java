package dev.agentruntime.cli;

import dev.agentruntime.approval.ApprovalRequest;
import dev.agentruntime.approval.Approvals;
import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.common.BadInputException;
import java.io.Console;
import java.util.HashSet;
import java.util.Set;

/**
 * When `agent-runtime run` has a terminal, approval requests of its run are asked right there: the answer is
 * written as the decision file, like `agent-runtime approve` (which still works from another shell; the first
 * decision wins).
 */
final class TerminalApprover {
    private TerminalApprover() {}

    static Thread start(RunDirectory dir, Console console, String user) {
        Approvals approvals = new Approvals(dir);
        Thread t = new Thread(() -> {
            Set<String> asked = new HashSet<>();
            while (!Thread.currentThread().isInterrupted()) {
                for (ApprovalRequest r : approvals.pending()) {
                    if (!asked.add(r.id())) continue;
                    console.printf("%n=== approval %s%n", r.describe());
                    String answer = console.readLine("Allow? y / n, optionally followed by a reason: ");
                    if (answer == null) return; // the terminal went away; `agent-runtime approve` still works
                    String a = answer.strip();
                    boolean allow = a.toLowerCase().startsWith("y");
                    String reason = a.contains(" ") ? a.substring(a.indexOf(' ') + 1).strip() : null;
                    try {
                        approvals.decide(r.id(), allow, user, reason);
                        console.printf("%s: %s%n", r.id(), allow ? "allowed" : "denied");
                    } catch (BadInputException e) {
                        console.printf("%s%n", e.problems().get(0));
                    }
                }
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "terminal-approver");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
