package dev.agentruntime.cli;

import dev.agentruntime.events.EventReader;
import dev.agentruntime.policy.Action;
import dev.agentruntime.policy.Actions;
import dev.agentruntime.policy.Policy;
import dev.agentruntime.policy.PolicyEngine;
import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.common.Text;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "policy", description = "policy check [POLICY] --run RUN: replay a past run's actions against a policy (default: the "
        + "built-in default policy) and list what would have been denied or asked. Exit 1 if anything would have been.")
final class PolicyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "check", description = "check")
    String action;

    @Parameters(index = "1", arity = "0..1", paramLabel = "POLICY", description = "Policy file (YAML); see docs/policy.md.")
    Path policyFile;

    @Option(names = "--run", required = true, description = "Run id, unique id prefix, or run directory.")
    String run;

    @Mixin
    RunsDirOption runsDir;

    @Override
    public Integer call() {
        if (!action.equals("check")) throw new dev.agentruntime.common.BadInputException("policy", "\"" + action + "\" is not known; use: policy check [POLICY] --run RUN");
        Policy policy = policyFile == null ? Policy.defaults() : Policy.load(policyFile);
        RunDirectory dir = runsDir.runs().find(run);
        List<Action> actions = Actions.from(EventReader.readAll(dir.events()), policy.registries());
        PolicyEngine engine = new PolicyEngine(policy);
        int flagged = 0;
        System.out.printf("%-6s %-16s %-48s %-6s %s%n", "TURN", "ACTION", "SUBJECT", "WOULD", "RULE");
        for (Action a : actions) {
            PolicyEngine.Decision d = engine.decide(a);
            if (d.allowed()) continue;
            flagged++;
            System.out.printf("%-6s %-16s %-48s %-6s %s%n", a.turn() == null ? "-" : a.turn(), a.kind(), Text.abbreviate(Text.oneLine(a.subject(), 200), 48),
                    d.decision(), "rules[" + d.rule() + "]: " + d.reason());
        }
        System.out.println(actions.size() + " actions checked, " + flagged + " would have been denied or asked"
                + " (policy: " + (policyFile == null ? "default" : policyFile) + ")");
        return flagged == 0 ? Main.OK : Main.RUN_FAILED;
    }
}
