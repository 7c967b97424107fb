package dev.agentruntime.jenkins.dsl;

import edu.umd.cs.findbugs.annotations.NonNull;
import groovy.lang.Binding;
import hudson.Extension;
import org.jenkinsci.plugins.workflow.cps.CpsScript;
import org.jenkinsci.plugins.workflow.cps.GlobalVariable;
import org.jenkinsci.plugins.workflow.cps.GroovySourceFileAllowlist;

/**
 * {@code agentTask} and {@code agentApprove} as Pipeline global variables backed by Groovy shipped in this plugin (the
 * pattern docker-workflow uses for {@code docker}): only Groovy can ask an {@code input} and then act on its answer,
 * which a Java step cannot post-process. The Groovy calls plain steps — {@code agentTaskRun}, {@code agentGate},
 * {@code input}, {@code agentDecision} — and is trusted plugin code, allowed through {@link Allowlist}.
 */
public final class AgentRuntimeVariables {
    private AgentRuntimeVariables() {}

    /** A global variable whose value is an instance of a Groovy class of this plugin, made once per script. */
    abstract static class GroovyBacked extends GlobalVariable {
        private final String name;
        private final String className;

        GroovyBacked(String name, String className) {
            this.name = name;
            this.className = className;
        }

        @NonNull
        @Override
        public String getName() {
            return name;
        }

        /** Loads the Groovy class through the script's own class loader (CPS-transformed). */
        @NonNull
        @Override
        public Object getValue(@NonNull CpsScript script) throws Exception {
            Binding binding = script.getBinding();
            if (binding.hasVariable(name)) return binding.getVariable(name);
            Object v = script.getClass().getClassLoader().loadClass(className).getConstructor(CpsScript.class).newInstance(script);
            binding.setVariable(name, v);
            return v;
        }
    }

    @Extension
    public static final class AgentTask extends GroovyBacked {
        public AgentTask() {
            super("agentTask", "dev.agentruntime.jenkins.dsl.AgentTaskDsl");
        }
    }

    @Extension
    public static final class AgentApprove extends GroovyBacked {
        public AgentApprove() {
            super("agentApprove", "dev.agentruntime.jenkins.dsl.AgentApproveDsl");
        }
    }

    /** Our two Groovy files, and nothing else, may be loaded from this plugin into Pipelines. */
    @Extension
    public static final class Allowlist extends GroovySourceFileAllowlist {
        private final String task = String.valueOf(AgentRuntimeVariables.class.getResource("AgentTaskDsl.groovy"));
        private final String approve = String.valueOf(AgentRuntimeVariables.class.getResource("AgentApproveDsl.groovy"));

        @Override
        public boolean isAllowed(String groovySourceFileUrl) {
            return groovySourceFileUrl.equals(task) || groovySourceFileUrl.equals(approve);
        }
    }
}
