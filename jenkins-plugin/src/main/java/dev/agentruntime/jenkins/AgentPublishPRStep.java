package dev.agentruntime.jenkins;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.AbortException;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.EnvVars;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.StepExecutions;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code agentPublishPR(run: result.runDir, credentialsId: 'gh-token', draft: true, labels: 'agent,migration')}: runs
 * {@code agent-runtime publish} on the node (inside {@code node(result.node)}) with the Pipeline's environment and
 * the token added to it — never on the command line — and its output masked in the build log. {@code credentialsId}
 * is the code host's API token: "Secret text", or "Username with password" (a GitHub App credential: its installation
 * token, which the push then uses too); {@code gitCredentialsId} gives the push other git credentials (an SSH key).
 */
public class AgentPublishPRStep extends Step {
    private final String run;
    private String credentialsId;
    private String gitCredentialsId;
    private String provider = "github";
    private String repo;
    private String baseUrl;
    private boolean draft;
    private String labels;
    private String runtime;

    @DataBoundConstructor
    public AgentPublishPRStep(String run) {
        this.run = run;
    }

    PublishCommand command(List<String> runtimeCommand) {
        return command(runtimeCommand, null);
    }

    /** @param reportUrl the run's report.html archived in this build, for reviewers; null when there is none */
    PublishCommand command(List<String> runtimeCommand, String reportUrl) {
        List<String> labelList = labels == null ? List.of() : Arrays.asList(labels.split(","));
        return new PublishCommand(runtimeCommand, run, provider, repo, baseUrl, draft, labelList, reportUrl);
    }

    /** The report's artifact URL when an agentTask of this build ran {@code run} (and Jenkins knows its own URL). */
    static String archivedReport(Run<?, ?> build, String run) {
        String root = Jenkins.get().getRootUrl();
        AgentRunsAction runs = build.getAction(AgentRunsAction.class);
        if (root == null || runs == null) return null;
        String runId = run.replace('\\', '/').replaceAll("/+$", "");
        String id = runId.substring(runId.lastIndexOf('/') + 1);
        return runs.getRuns().stream().anyMatch(e -> e.getRunId().equals(id) && e.isEnded())
                ? root + build.getUrl() + "artifact/agent-runtime/" + id + "/report.html" : null;
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return StepExecutions.synchronousNonBlocking(context, ctx -> {
            Launcher launcher = ctx.get(Launcher.class);
            TaskListener listener = ctx.get(TaskListener.class);
            Run<?, ?> build = ctx.get(Run.class);
            FilePath ws = ctx.get(FilePath.class);
            List<String> runtimeCommand = TaskYaml.isSet(runtime) ? RuntimeCommand.configured(runtime)
                    : RuntimeCommand.bundled(RuntimeCommand.tempDir(ws).child("agent-runtime"));
            EnvVars env = new EnvVars(ctx.get(EnvVars.class));
            List<String> secrets = new ArrayList<>();
            if (TaskYaml.isSet(credentialsId)) {
                StandardCredentials c = CredentialsProvider.findCredentialById(credentialsId, StandardCredentials.class, build);
                if (c == null) throw new AbortException(Messages.AgentPublishPRStep_noCredentials(credentialsId));
                String token;
                if (c instanceof StringCredentials s) {
                    token = s.getSecret().getPlainText();
                } else if (c instanceof StandardUsernamePasswordCredentials) { // e.g. a GitHub App: its token, minted now
                    Map<String, String> git = GitCredentialsEnv.env("agentPublishPR", "credentialsId", c);
                    token = git.get(GitCredentialsEnv.PASSWORD);
                    if (!TaskYaml.isSet(gitCredentialsId)) env.putAll(git); // the push uses the same user and token
                } else {
                    throw new AbortException("agentPublishPR: credentialsId '" + credentialsId + "' is a " + c.getClass().getSimpleName()
                            + " credential; the code host's API needs \"Secret text\" (a token) or \"Username with password\" (e.g. a GitHub App); "
                            + "give an SSH key for the push as gitCredentialsId");
                }
                CredentialsProvider.track(build, c);
                secrets.add(token);
                env.put(PublishCommand.TOKEN_VARIABLE, token);
            }
            if (TaskYaml.isSet(gitCredentialsId)) {
                Map<String, String> git = GitCredentialsEnv.resolve("agentPublishPR", "gitCredentialsId", gitCredentialsId, build);
                secrets.addAll(GitCredentialsEnv.secrets(git));
                env.putAll(git);
            }
            int exit;
            MaskingOutputStream out = new MaskingOutputStream(listener.getLogger(), new LogMasker(secrets));
            try { // not closed: that would close the build log
                exit = launcher.launch().cmds(command(runtimeCommand, archivedReport(build, run)).argv()).envs(env).pwd(ws).quiet(true).stdout(out).join();
            } finally {
                out.forceEol();
            }
            if (exit != 0) throw new AbortException(Messages.AgentPublishPRStep_failed(exit));
            return null;
        });
    }

    public String getRun() { return run; }
    public String getCredentialsId() { return credentialsId; }
    @DataBoundSetter public void setCredentialsId(String credentialsId) { this.credentialsId = Params.given(credentialsId); }

    /** Credentials for the push when they are not the API token's (an SSH key, another user): {@link GitCredentialsEnv}. */
    public String getGitCredentialsId() { return gitCredentialsId; }

    @DataBoundSetter public void setGitCredentialsId(String gitCredentialsId) { this.gitCredentialsId = Params.given(gitCredentialsId); }
    public String getProvider() { return provider; }
    @DataBoundSetter public void setProvider(String provider) { this.provider = Params.given(provider) == null ? "github" : provider.strip(); }
    public String getRepo() { return repo; }
    @DataBoundSetter public void setRepo(String repo) { this.repo = Params.given(repo); }
    public String getBaseUrl() { return baseUrl; }
    /** The provider's API: GitHub Enterprise {@code https://host/api/v3}, GitLab or Gitea {@code https://host}. */
    @DataBoundSetter public void setBaseUrl(String baseUrl) { this.baseUrl = Params.given(baseUrl); }
    public boolean isDraft() { return draft; }
    @DataBoundSetter public void setDraft(boolean draft) { this.draft = draft; }
    public String getLabels() { return labels; }
    @DataBoundSetter public void setLabels(String labels) { this.labels = Params.given(labels); }
    public String getRuntime() { return runtime; }
    @DataBoundSetter public void setRuntime(String runtime) { this.runtime = Params.given(runtime); }

    @Extension
    @Symbol("agentPublishPR")
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(FilePath.class, Launcher.class, TaskListener.class, Run.class, EnvVars.class);
        }

        @Override
        public String getFunctionName() {
            return "agentPublishPR";
        }

        @Override
        public String argumentsToString(java.util.Map<String, Object> namedArgs) {
            return StepLabels.publish(namedArgs);
        }

        @Override
        public String getDisplayName() {
            return Messages.AgentPublishPRStep_displayName();
        }
    }
}
