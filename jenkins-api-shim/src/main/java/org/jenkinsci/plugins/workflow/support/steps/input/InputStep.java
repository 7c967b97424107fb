// Source: notes §2.7 (pipeline-input-step 560, InputStep.java). Shim: signatures only.
package org.jenkinsci.plugins.workflow.support.steps.input;

import org.jenkinsci.plugins.workflow.steps.AbstractStepImpl;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

public class InputStep extends AbstractStepImpl implements java.io.Serializable {
    public InputStep(String message) {
        throw new UnsupportedOperationException("shim");
    }

    public void setId(String id) {
        throw new UnsupportedOperationException("shim");
    }

    public void setSubmitter(String submitter) {
        throw new UnsupportedOperationException("shim");
    }

    public void setSubmitterParameter(String submitterParameter) {
        throw new UnsupportedOperationException("shim");
    }

    public void setOk(String ok) {
        throw new UnsupportedOperationException("shim");
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        throw new UnsupportedOperationException("shim");
    }
}
