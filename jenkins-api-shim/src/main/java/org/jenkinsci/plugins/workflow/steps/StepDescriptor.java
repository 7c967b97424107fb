// Source: notes §2.1 (step-api 710, StepDescriptor.java). Shim: signatures only.
package org.jenkinsci.plugins.workflow.steps;

import java.util.Set;

public abstract class StepDescriptor extends hudson.model.Descriptor<Step> {
    public abstract Set<? extends Class<?>> getRequiredContext();

    public abstract String getFunctionName();

    public String argumentsToString(java.util.Map<String, Object> namedArgs) {
        throw new UnsupportedOperationException("shim");
    }

    public boolean takesImplicitBlockArgument() {
        throw new UnsupportedOperationException("shim");
    }

    public boolean isAdvanced() {
        return false;
    }
}
