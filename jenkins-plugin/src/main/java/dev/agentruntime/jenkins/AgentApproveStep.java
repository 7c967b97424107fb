package dev.agentruntime.jenkins;

import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.support.steps.input.InputStep;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code agentApprove(run: result.runDir, message: '…', submitter: 'alice,bob')}: a human gate between stages. It is the
 * input step, delegated to (same page, same REST endpoints, same restart behaviour), with an id derived from the run
 * and the approver's id as its return value. Not yet: recording the gate's decision into the run directory.
 */
public class AgentApproveStep extends Step {
    private final String run;
    private String message;
    private String submitter;

    @DataBoundConstructor
    public AgentApproveStep(String run) {
        this.run = run;
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return toInputStep().start(context);
    }

    InputStep toInputStep() {
        InputStep input = new InputStep(effectiveMessage());
        input.setId(inputId());
        input.setOk("Approve");
        if (TaskYaml.isSet(submitter)) input.setSubmitter(submitter);
        input.setSubmitterParameter("approver");
        return input;
    }

    /** URL-safe, stable for the run: "Agent" + the run id's digits. */
    String inputId() {
        String name = run == null ? "" : run.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1);
        return "Agent" + name.replaceAll("[^A-Za-z0-9]", "");
    }

    String effectiveMessage() {
        return TaskYaml.isSet(message) ? message : "Approve the agent's work of run " + run + "?";
    }

    public String getRun() { return run; }
    public String getMessage() { return message; }
    @DataBoundSetter public void setMessage(String message) { this.message = message; }
    public String getSubmitter() { return submitter; }
    @DataBoundSetter public void setSubmitter(String submitter) { this.submitter = submitter; }

    @Extension
    @Symbol("agentApprove")
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            // what the input step needs (notes §2.7): Run, TaskListener, FlowNode; FlowNode is not in the shim
            return Set.of(Run.class, TaskListener.class);
        }

        @Override
        public String getFunctionName() {
            return "agentApprove";
        }

        @Override
        public String getDisplayName() {
            return "Approve an agent run before the pipeline goes on";
        }
    }
}
