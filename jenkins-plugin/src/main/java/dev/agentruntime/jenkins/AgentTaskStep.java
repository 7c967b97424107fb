package dev.agentruntime.jenkins;

import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
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
 * {@code agentTaskRun(...)}: runs one task with the agent runtime on the current node, detached, tailing its events
 * into the build log, until the run ends — then returns its result (status, reason, branch, commit, runId, runDir,
 * reportPath, pushed, node; {@code ended: true}) — or until it asks a human to approve an action — then returns
 * {@code ended: false}, the {@code request} and a {@code handle} to continue with ({@code resume}). Give either
 * {@code task} (the instructions, with repo, baseUrl, model…) or {@code taskFile} (a task file in the workspace,
 * docs/task-spec.md). The {@code agentTask} global variable is what Pipelines call: it asks each approval in an
 * {@code input} and continues the run.
 */
public class AgentTaskStep extends Step {
    private String task;
    private String taskFile;
    private String taskId;
    private String repo;
    private String baseBranch;
    private String agent;
    private String model;
    private String baseUrl;
    private String apiKeyCredentialsId;
    private String credentialsId;
    private String policy;
    private int turns;
    private long tokens;
    private String wallClock;
    private String image;
    private String verify;
    private String secrets;
    private String branch;
    private String runsDir;
    private String submitter;
    private String runtime;
    private String resume;
    private boolean cancel;

    @DataBoundConstructor
    public AgentTaskStep() {}

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new AgentTaskExecution(this, context);
    }

    /** The step's display text: names the task, so the log and stage views say what runs. */
    public String describe() {
        if (TaskYaml.isSet(resume)) return "agentTask (continued)";
        if (TaskYaml.isSet(taskId)) return "agentTask " + taskId;
        if (TaskYaml.isSet(taskFile)) return "agentTask " + taskFile;
        String text = task == null ? "" : task.strip().lines().findFirst().orElse("");
        return "agentTask: " + (text.length() > 60 ? text.substring(0, 57) + "..." : text);
    }

    public String getTask() { return task; }
    @DataBoundSetter public void setTask(String task) { this.task = Params.given(task); }
    public String getTaskFile() { return taskFile; }
    @DataBoundSetter public void setTaskFile(String taskFile) { this.taskFile = Params.given(taskFile); }
    public String getTaskId() { return taskId; }
    @DataBoundSetter public void setTaskId(String taskId) { this.taskId = Params.given(taskId); }
    public String getRepo() { return repo; }
    @DataBoundSetter public void setRepo(String repo) { this.repo = Params.given(repo); }
    public String getBaseBranch() { return baseBranch; }
    @DataBoundSetter public void setBaseBranch(String baseBranch) { this.baseBranch = Params.given(baseBranch); }
    public String getAgent() { return agent; }
    @DataBoundSetter public void setAgent(String agent) { this.agent = Params.given(agent); }
    public String getModel() { return model; }
    @DataBoundSetter public void setModel(String model) { this.model = Params.given(model); }
    public String getBaseUrl() { return baseUrl; }
    @DataBoundSetter public void setBaseUrl(String baseUrl) { this.baseUrl = Params.given(baseUrl); }
    public String getApiKeyCredentialsId() { return apiKeyCredentialsId; }
    @DataBoundSetter public void setApiKeyCredentialsId(String apiKeyCredentialsId) { this.apiKeyCredentialsId = Params.given(apiKeyCredentialsId); }

    /** Git credentials for clone and push (SSH private key, or username/password incl. a GitHub App): {@link GitCredentialsEnv}. */
    public String getCredentialsId() { return credentialsId; }

    @DataBoundSetter public void setCredentialsId(String credentialsId) { this.credentialsId = Params.given(credentialsId); }
    public String getPolicy() { return policy; }
    @DataBoundSetter public void setPolicy(String policy) { this.policy = Params.given(policy); }
    public int getTurns() { return turns; }
    @DataBoundSetter public void setTurns(int turns) { this.turns = turns; }
    public long getTokens() { return tokens; }
    @DataBoundSetter public void setTokens(long tokens) { this.tokens = tokens; }
    public String getWallClock() { return wallClock; }
    @DataBoundSetter public void setWallClock(String wallClock) { this.wallClock = Params.given(wallClock); }
    public String getImage() { return image; }
    @DataBoundSetter public void setImage(String image) { this.image = Params.given(image); }
    public String getVerify() { return verify; }

    /** Task secrets from an enclosing withCredentials block: {@code VARIABLE: phase, phase} per line (SecretBindings). */
    public String getSecrets() { return secrets; }

    @DataBoundSetter public void setSecrets(String secrets) { this.secrets = Params.given(secrets); }
    @DataBoundSetter public void setVerify(String verify) { this.verify = Params.given(verify); }
    public String getBranch() { return branch; }
    @DataBoundSetter public void setBranch(String branch) { this.branch = Params.given(branch); }
    public String getRunsDir() { return runsDir; }
    @DataBoundSetter public void setRunsDir(String runsDir) { this.runsDir = Params.given(runsDir); }
    public String getSubmitter() { return submitter; }
    @DataBoundSetter public void setSubmitter(String submitter) { this.submitter = Params.given(submitter); }
    public String getRuntime() { return runtime; }

    /** Continue a run this step returned for an approval: its {@code handle}. */
    public String getResume() { return resume; }
    @DataBoundSetter public void setResume(String resume) { this.resume = Params.given(resume); }

    /** With {@code resume}: ask the run to stop, wait until it has, archive it and return its result. */
    public boolean isCancel() { return cancel; }
    @DataBoundSetter public void setCancel(boolean cancel) { this.cancel = cancel; }
    @DataBoundSetter public void setRuntime(String runtime) { this.runtime = Params.given(runtime); }

    /** Checks what can be checked before anything runs; the runtime validates the rest of the task. */
    void validate() {
        if (TaskYaml.isSet(resume)) return;
        if (cancel) throw new IllegalArgumentException("agentTaskRun: cancel needs resume (the handle of the run to stop)");
        boolean text = TaskYaml.isSet(task);
        boolean file = TaskYaml.isSet(taskFile);
        if (text == file) throw new IllegalArgumentException("agentTask: give exactly one of task (the instructions) or taskFile");
        if (turns < 0 || tokens < 0) throw new IllegalArgumentException("agentTask: turns and tokens must not be negative");
    }

    @Extension
    @Symbol("agentTaskRun")
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(FilePath.class, Launcher.class, TaskListener.class, Run.class, hudson.EnvVars.class);
        }

        @Override
        public String getFunctionName() {
            return "agentTaskRun";
        }

        /** A building block of the agentTask global variable, which answers approvals in input steps. */
        @Override
        public boolean isAdvanced() {
            return true;
        }

        @Override
        public String argumentsToString(java.util.Map<String, Object> namedArgs) {
            return StepLabels.task(namedArgs);
        }

        @Override
        public String getDisplayName() {
            return Messages.AgentTaskStep_displayName();
        }
    }
}
