package dev.agentruntime.task;

import java.util.List;

/**
 * One unit of work for one agent on one repository, as the user wrote it (YAML or JSON). Read it with
 * {@link TaskSpecs#load}, which validates it and fills the defaults; see docs/task-spec.md.
 *
 * @param id           stable task id (letters, digits, {@code . _ -}); generated when absent
 * @param repo         git URL or local path of the repository to work on
 * @param baseBranch   branch to start from; the remote's default branch when absent
 * @param instructions what the agent should do
 * @param agent        which agent runs the task: {@code builtin}
 * @param model        where the agent's model is served
 * @param image        sandbox image
 * @param setup        shell commands run in the sandbox before the agent
 * @param verify       what must pass for the work to count
 * @param budgets      limits that stop the agent
 * @param branch       branch-name template; placeholders {taskId}, {runId}, {date}
 * @param sandbox      resource limits of the sandbox container
 * @param stall        when an agent counts as hung or looping
 * @param egress       hosts the sandbox may reach through the runtime's proxy, per phase; default none
 * @param secrets      named secrets, injected only where scoped and masked everywhere
 * @param policy       policy file (relative to the task file), {@code default} (when absent) or {@code none}
 * @param approvals    how long an approval request waits before it counts as denied
 * @param recovery     automatic restarts after an agent crash or a lost sandbox
 */
public record TaskSpec(
        String id,
        String repo,
        String baseBranch,
        String instructions,
        String agent,
        ModelSpec model,
        String image,
        List<String> setup,
        VerifySpec verify,
        Budgets budgets,
        String branch,
        SandboxLimits sandbox,
        StallSpec stall,
        EgressSpec egress,
        List<SecretSpec> secrets,
        String policy,
        ApprovalSpec approvals,
        RecoverySpec recovery) {

    public static final String DEFAULT_BRANCH_TEMPLATE = "agent/{taskId}";
    public static final String DEFAULT_IMAGE = "agent-runtime/sandbox:latest";
}
