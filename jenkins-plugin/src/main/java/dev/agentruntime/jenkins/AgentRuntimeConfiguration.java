package dev.agentruntime.jenkins;

import hudson.Extension;
import hudson.ExtensionList;
import java.util.Arrays;
import java.util.List;
import jenkins.model.GlobalConfiguration;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * Manage Jenkins → System → Agent Runtime: defaults for every agentTask (image, agent, model endpoint, policy, egress
 * allowlist, runtime JVM options). Plain bean properties with setters, so Configuration as Code sets them as
 * {@code unclassified: agentRuntime: defaultImage: …}.
 */
@Extension
@Symbol("agentRuntime")
public class AgentRuntimeConfiguration extends GlobalConfiguration {
    private String defaultImage;
    private String defaultAgent;
    private String defaultModel;
    private String defaultBaseUrl;
    private String defaultPolicy;
    private String egressAllow;
    private String runtimeJvmOptions;

    public AgentRuntimeConfiguration() {
        load();
    }

    public static AgentRuntimeConfiguration get() {
        return ExtensionList.lookupSingleton(AgentRuntimeConfiguration.class);
    }

    /** The defaults as the step applies them. */
    public TaskDefaults defaults() {
        return new TaskDefaults(defaultImage, defaultAgent, defaultModel, defaultBaseUrl, defaultPolicy, lines(egressAllow),
                runtimeJvmOptions == null || runtimeJvmOptions.isBlank() ? List.of() : Arrays.asList(runtimeJvmOptions.trim().split("\\s+")));
    }

    static List<String> lines(String text) {
        return text == null ? List.of() : text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    @Override
    public String getDisplayName() {
        return Messages.AgentRuntimeConfiguration_displayName();
    }

    public String getDefaultImage() { return defaultImage; }

    @DataBoundSetter public void setDefaultImage(String v) { defaultImage = v; save(); }

    public String getDefaultAgent() { return defaultAgent; }

    @DataBoundSetter public void setDefaultAgent(String v) { defaultAgent = v; save(); }

    public String getDefaultModel() { return defaultModel; }

    @DataBoundSetter public void setDefaultModel(String v) { defaultModel = v; save(); }

    public String getDefaultBaseUrl() { return defaultBaseUrl; }

    @DataBoundSetter public void setDefaultBaseUrl(String v) { defaultBaseUrl = v; save(); }

    public String getDefaultPolicy() { return defaultPolicy; }

    @DataBoundSetter public void setDefaultPolicy(String v) { defaultPolicy = v; save(); }

    public String getEgressAllow() { return egressAllow; }

    @DataBoundSetter public void setEgressAllow(String v) { egressAllow = v; save(); }

    public String getRuntimeJvmOptions() { return runtimeJvmOptions; }

    @DataBoundSetter public void setRuntimeJvmOptions(String v) { runtimeJvmOptions = v; save(); }
}
