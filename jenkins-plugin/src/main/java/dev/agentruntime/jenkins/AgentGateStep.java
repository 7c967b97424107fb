package dev.agentruntime.jenkins;

import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.StepExecutions;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code agentGate(run: …, node: …, message: …, submitter: …)}: opens a pipeline gate in a run directory
 * ({@code approvals/gate-….request.json}; idempotent) and returns what the {@code input} that asks it needs: the
 * request id, the input id, where the run is. A building block of {@code agentApprove} (the Pipeline global variable,
 * which asks the gate in a real input and records the answer with {@link AgentDecisionStep}); call that instead.
 */
public class AgentGateStep extends Step {
    private final String run;
    private String message;
    private String submitter;
    private String node;

    @DataBoundConstructor
    public AgentGateStep(String run) {
        this.run = run;
    }

    String effectiveMessage() {
        return TaskYaml.isSet(message) ? message.strip() : "Approve the agent's work of run " + run + "?";
    }

    @Override
    public StepExecution start(StepContext context) {
        return StepExecutions.synchronousNonBlocking(context, ctx -> {
            RunLocation where = RunLocation.resolve(ctx, run, node, "agentApprove");
            Run<?, ?> build = ctx.get(Run.class);
            String text = effectiveMessage();
            String name = GateBridge.name(build.getExternalizableId(), text);
            GateOpened g = StepThreads.remote(() -> where.dir().act(new NodeCalls.OpenGate(name, text)));
            AgentRunsAction.of(build).openGate(g.runId(), where.node(), where.runDir(), g.status(), g.request(), submitter);
            build.save();
            GateBridge.describe(g, where.runDir(), where.node(), Deciders.describe(submitter)).forEach(ctx.get(TaskListener.class).getLogger()::println);
            Map<String, Object> gate = new LinkedHashMap<>();
            gate.put("request", g.request().getId());
            gate.put("inputId", InputIds.of(g.runId(), g.request().getId()));
            gate.put("runId", g.runId());
            gate.put("runDir", where.runDir());
            gate.put("node", where.displayNode());
            gate.put("message", text);
            if (TaskYaml.isSet(submitter)) gate.put("submitter", submitter.strip());
            return gate;
        });
    }

    public String getRun() { return run; }
    public String getMessage() { return message; }
    @DataBoundSetter public void setMessage(String message) { this.message = Params.given(message); }
    public String getNode() { return node; }
    /** agentTask's {@code result.node}: find the run directory there, so no executor is held while people decide. */
    @DataBoundSetter public void setNode(String node) { this.node = Params.given(node); }
    public String getSubmitter() { return submitter; }
    @DataBoundSetter public void setSubmitter(String submitter) { this.submitter = Params.given(submitter); }

    @Extension
    @Symbol("agentGate")
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(TaskListener.class, Run.class);
        }

        @Override
        public String getFunctionName() {
            return "agentGate";
        }

        @Override
        public String argumentsToString(Map<String, Object> namedArgs) {
            return StepLabels.approve(namedArgs);
        }

        @Override
        public boolean isAdvanced() {
            return true;
        }

        @Override
        public String getDisplayName() {
            return Messages.AgentGateStep_displayName();
        }
    }
}
