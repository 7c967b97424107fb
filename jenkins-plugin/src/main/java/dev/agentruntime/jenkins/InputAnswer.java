package dev.agentruntime.jenkins;

import hudson.model.User;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.workflow.actions.ArgumentsAction;
import org.jenkinsci.plugins.workflow.actions.ErrorAction;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException;
import org.jenkinsci.plugins.workflow.support.steps.input.InputSubmittedAction;
import org.jenkinsci.plugins.workflow.support.steps.input.Rejection;

/**
 * How the {@code input} that stood for an approval request ended, read from its node in the flow graph — never from
 * the Pipeline script, so a script cannot record a decision in someone else's name. Proceeded: allowed by the approver
 * Jenkins recorded, with the reason parameter. Aborted by a user: denied by that user. Ended because the run
 * directory already held a decision ({@link DecidedInRun}): that decision. Anything else (the build was stopped, a
 * timeout step fired): denied by "jenkins", the interruption as the reason.
 *
 * @param allow  the decision
 * @param by     who decided: a Jenkins user id, or "jenkins"
 * @param reason why, or null
 * @param interruption whether the build itself was interrupted (the caller goes on stopping)
 */
record InputAnswer(boolean allow, String by, String reason, boolean interruption) {
    /**
     * The answer of the input with {@code inputId} that ran just before {@code current} in the same branch of the
     * flow, or null when the node before it is not that input.
     */
    static InputAnswer of(FlowNode current, String inputId) {
        List<FlowNode> parents = current.getParents();
        if (parents.size() != 1) return null;
        FlowNode input = parents.get(0);
        if (!inputId.equals(ArgumentsAction.getFilteredArguments(input).get("id"))) return null;
        InputSubmittedAction submitted = input.getAction(InputSubmittedAction.class);
        if (submitted != null) {
            Map<String, Object> params = submitted.getParameters(); // never null
            Object reason = params.get("reason");
            String approver = submitted.getApprover() != null ? submitted.getApprover()
                    : params.get("approver") != null ? String.valueOf(params.get("approver")) : "anonymous";
            return new InputAnswer(true, approver, reason == null || String.valueOf(reason).isBlank() ? null : String.valueOf(reason), false);
        }
        ErrorAction error = input.getAction(ErrorAction.class);
        if (error != null && error.getError() instanceof FlowInterruptedException fie) {
            for (var cause : fie.getCauses()) {
                if (cause instanceof DecidedInRun d) return new InputAnswer("allow".equals(d.getDecision()), d.getBy(), d.getReason(), false);
                if (cause instanceof Rejection r) {
                    User u = r.getUser();
                    return new InputAnswer(false, u == null ? "anonymous" : u.getId(), "rejected in Jenkins", false);
                }
            }
            return new InputAnswer(false, "jenkins", "stopped: " + describe(fie), true);
        }
        return error == null ? null : new InputAnswer(false, "jenkins", "stopped: " + error.getError(), true);
    }

    private static String describe(FlowInterruptedException e) {
        return e.getCauses().isEmpty() ? "the build was interrupted"
                : String.join("; ", e.getCauses().stream().map(c -> c.getShortDescription()).toList());
    }
}
