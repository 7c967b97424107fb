// Source: pipeline-input-step, org.jenkinsci.plugins.workflow.support.steps.input.InputAction. Shim: only the members the plugin calls.
package org.jenkinsci.plugins.workflow.support.steps.input;

import java.util.concurrent.TimeoutException;
import jenkins.model.RunAction2;

public class InputAction implements RunAction2 {
    public InputStepExecution getExecution(String id) throws InterruptedException, TimeoutException {
        throw new UnsupportedOperationException("shim");
    }

    @Override
    public String getIconFileName() {
        throw new UnsupportedOperationException("shim");
    }

    @Override
    public String getDisplayName() {
        throw new UnsupportedOperationException("shim");
    }

    @Override
    public String getUrlName() {
        throw new UnsupportedOperationException("shim");
    }

    @Override
    public void onAttached(hudson.model.Run<?, ?> r) {
        throw new UnsupportedOperationException("shim");
    }

    @Override
    public void onLoad(hudson.model.Run<?, ?> r) {
        throw new UnsupportedOperationException("shim");
    }
}
