package dev.agentruntime.jenkins;

import hudson.Extension;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code agentApprove(run: result.runDir, message: '…', submitter: 'alice,bob')}: a human gate between stages whose
 * request and decision live in the run directory ({@code approvals/gate-….request.json} and {@code .decision.json}).
 * Decided on the build page (Agent runs, Allow/Deny, only users in {@code submitter}) or on the node with
 * {@code agent-runtime approve RUN gate-… --allow|--deny --as USER}; returns the approver's user id, fails when denied.
 * With {@code node: result.node} it needs no executor; otherwise it runs inside a node block on the run's node. Not the input step: its result cannot be post-processed (notes §2.7),
 * so the decision could not be recorded in the run.
 */
public class AgentApproveStep extends Step {
    private final String run;
    private String message;
    private String submitter;
    private String node;

    @DataBoundConstructor
    public AgentApproveStep(String run) {
        this.run = run;
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        if (!TaskYaml.isSet(run)) throw new IllegalArgumentException("agentApprove: run is required (agentTask's result.runDir)");
        return new AgentApproveExecution(this, context);
    }

    String effectiveMessage() {
        return TaskYaml.isSet(message) ? message : "Approve the agent's work of run " + run + "?";
    }

    public String getRun() { return run; }
    public String getMessage() { return message; }
    @DataBoundSetter public void setMessage(String message) { this.message = Params.given(message); }
    public String getNode() { return node; }
    /** agentTask's {@code result.node}: find the run directory there, so the gate needs no executor while people decide. */
    @DataBoundSetter public void setNode(String node) { this.node = Params.given(node); }
    public String getSubmitter() { return submitter; }
    @DataBoundSetter public void setSubmitter(String submitter) { this.submitter = Params.given(submitter); }

    @Extension
    @Symbol("agentApprove")
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            // No FilePath: with node (result.node) the gate waits without holding an executor; without it, the step
            // must run inside node { } and uses that workspace (checked in the execution).
            return Set.of(TaskListener.class, Run.class);
        }

        @Override
        public String getFunctionName() {
            return "agentApprove";
        }

        @Override
        public String argumentsToString(java.util.Map<String, Object> namedArgs) {
            return StepLabels.approve(namedArgs);
        }

        @Override
        public String getDisplayName() {
            return Messages.AgentApproveStep_displayName();
        }
    }
}
