package dev.agentruntime.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentruntime.common.Json;
import dev.agentruntime.verify.JUnitExport;
import dev.agentruntime.verify.JUnitReports;
import dev.agentruntime.verify.JUnitSummary;
import dev.agentruntime.verify.Verifier;
import dev.agentruntime.verify.VerifyResult;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Verification: the task's verify commands in a fresh sandbox over the committed work, optionally compared with the base. */
final class Verification {
    private final RunContext run;
    private final RunSandbox sandbox;

    Verification(RunContext run, RunSandbox sandbox) {
        this.run = run;
        this.sandbox = sandbox;
    }

    /** Verify commands in a fresh sandbox; JUnit files are read only after it is gone. */
    VerifyResult verify() {
        var task = run.task;
        var dir = run.dir;
        run.log.append("verify.started", "verify", Json.object().put("commands", task.verify().commands().size()));
        FileTime since = FileTime.fromMillis(System.currentTimeMillis() - 2000);
        List<VerifyResult.CommandResult> commands = List.of();
        if (!task.verify().commands().isEmpty()) {
            commands = sandbox.withRestarts("verifying", () -> { }, () -> {
                sandbox.open("verify", null);
                var results = Verifier.run(task.verify(), sandbox.current(), run.log);
                sandbox.close();
                return results;
            });
        }
        VerifyResult v = new VerifyResult(commands.stream().allMatch(VerifyResult.CommandResult::ok), commands,
                commands.isEmpty() ? JUnitSummary.NONE : JUnitReports.collect(dir.workspace(), task.verify().junitReports(), since));
        if (!v.passed() && task.verify().compareWithBase() && v.junit().failed() > 0) v = compareWithBase(v);
        ObjectNode finished = Json.object().put("passed", v.passed()).put("tests", v.junit().tests()).put("failedTests", v.junit().failed());
        if (!commands.isEmpty()) {
            var files = finished.putArray("junitFiles");
            JUnitExport.write(dir, v, dir.workspace(), run.secrets.masker()).forEach(files::add);
        }
        run.log.append("verify.finished", "verify", finished);
        return v;
    }

    /**
     * verify.compareWithBase: the failing tests' suites run again on the agent's commit and on the base commit
     * (each in a fresh sandbox); a failure that passes on the second run is flaky, one that also fails on the base
     * is pre-existing, the rest were introduced. Verification passes when nothing was introduced.
     */
    private VerifyResult compareWithBase(VerifyResult first) {
        var ws = run.ws;
        Set<String> again = failingTests(runVerifyOnce("verify"));
        String branch = ws.currentBranch();
        Set<String> onBase;
        try {
            ws.checkoutDetached(run.startCommit != null ? run.startCommit : run.baseCommit);
            onBase = failingTests(runVerifyOnce("verify-base"));
        } finally {
            ws.checkoutBranch(branch);
        }
        List<VerifyResult.FailureLabel> labels = new ArrayList<>();
        for (var f : first.junit().failures()) {
            String test = f.suite() + "." + f.name();
            labels.add(new VerifyResult.FailureLabel(test, !again.contains(test) ? "flaky" : onBase.contains(test) ? "pre-existing" : "introduced"));
        }
        long introduced = labels.stream().filter(l -> l.label().equals("introduced")).count();
        ObjectNode d = Json.object().put("introduced", introduced);
        labels.forEach(l -> d.put(l.test(), l.label()));
        run.log.append("verify.compared", "verify", d);
        return new VerifyResult(introduced == 0, first.commands(), first.junit(), labels);
    }

    /** One more run of the verify commands in a fresh sandbox; the JUnit results it wrote. */
    private JUnitSummary runVerifyOnce(String label) {
        run.log.append("verify.rerun", "verify", Json.object().put("on", label.equals("verify") ? "the agent's commit" : "the base commit"));
        FileTime since = FileTime.fromMillis(System.currentTimeMillis() - 2000);
        sandbox.withRestarts("verifying", () -> { }, () -> {
            sandbox.open("verify", null);
            try {
                Verifier.run(run.task.verify(), sandbox.current(), run.log);
            } finally {
                sandbox.close();
            }
        });
        return JUnitReports.collect(run.dir.workspace(), run.task.verify().junitReports(), since);
    }

    private static Set<String> failingTests(JUnitSummary j) {
        Set<String> out = new HashSet<>();
        j.failures().forEach(f -> out.add(f.suite() + "." + f.name()));
        return out;
    }
}
