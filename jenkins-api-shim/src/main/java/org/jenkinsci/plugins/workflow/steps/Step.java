// Source: notes §2.1 (step-api 710, Step.java). Shim: signatures only.
package org.jenkinsci.plugins.workflow.steps;

public abstract class Step extends hudson.model.AbstractDescribableImpl<Step> implements hudson.ExtensionPoint {
    public abstract StepExecution start(StepContext context) throws Exception;

    @Override
    public StepDescriptor getDescriptor() {
        throw new UnsupportedOperationException("shim");
    }
}
