package dev.agentruntime.jenkins;

import hudson.AbortException;
import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.StepExecutions;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code agentDecision(run: …, node: …, request: …)}: records in the run directory how the {@code input} for an
 * approval request ended — the input must be the step right before it — and returns the decision that stands
 * ({@code allowed}, {@code decision}, {@code by}, {@code reason}; {@code interrupted} when the input ended because the
 * build was stopped). Who decided is read from Jenkins' record of the
 * input (its approver, the user who aborted it), never taken from the script. The first decision wins: when the run
 * directory already holds one (from {@code agent-runtime approve}, the build page, the runtime's timeout), that one is
 * returned. A building block of {@code agentApprove} and {@code agentTask}.
 */
public class AgentDecisionStep extends Step {
    private final String run;
    private final String request;
    private String node;

    @DataBoundConstructor
    public AgentDecisionStep(String run, String request) {
        this.run = run;
        this.request = request;
    }

    @Override
    public StepExecution start(StepContext context) {
        return StepExecutions.synchronousNonBlocking(context, ctx -> {
            RunLocation where = RunLocation.resolve(ctx, run, node, "agentDecision");
            if (!TaskYaml.isSet(request)) throw new AbortException("agentDecision: request is required");
            String inputId = InputIds.of(where.runId(), request);
            InputAnswer a = InputAnswer.of(ctx.get(FlowNode.class), inputId);
            Decided d = StepThreads.remote(() -> where.dir().act(new NodeCalls.Standing(request)));
            if (d == null) {
                if (a == null) throw new AbortException(Messages.AgentDecisionStep_notAfterItsInput(inputId));
                d = StepThreads.remote(() -> where.dir().act(new NodeCalls.Decide(request, a.allow(), a.by(), a.reason())));
            }
            Run<?, ?> build = ctx.get(Run.class);
            AgentRunsAction.of(build).closeGate(where.runId(), request);
            build.save();
            ctx.get(TaskListener.class).getLogger().println("agent runtime: " + request + " of run " + where.runId() + ": " + d.describe());
            Map<String, Object> out = d.toMap();
            // the build itself is being stopped (not an answer): agentTask stops the run too
            out.put("interrupted", a != null && a.interruption());
            return out;
        });
    }

    public String getRun() { return run; }
    public String getRequest() { return request; }
    public String getNode() { return node; }
    @DataBoundSetter public void setNode(String node) { this.node = Params.given(node); }

    @Extension
    @Symbol("agentDecision")
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(TaskListener.class, Run.class, FlowNode.class);
        }

        @Override
        public String getFunctionName() {
            return "agentDecision";
        }

        @Override
        public String argumentsToString(Map<String, Object> namedArgs) {
            Object r = namedArgs.get("request");
            return r == null ? null : String.valueOf(r);
        }

        @Override
        public boolean isAdvanced() {
            return true;
        }

        @Override
        public String getDisplayName() {
            return Messages.AgentDecisionStep_displayName();
        }
    }
}
