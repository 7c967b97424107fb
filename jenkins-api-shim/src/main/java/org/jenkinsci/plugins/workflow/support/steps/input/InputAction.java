// Source: pipeline-input-step, org.jenkinsci.plugins.workflow.support.steps.input.InputAction. Shim: only the members the plugin calls (abstract: the plugin never makes one).
package org.jenkinsci.plugins.workflow.support.steps.input;

import java.util.concurrent.TimeoutException;
import jenkins.model.RunAction2;

public abstract class InputAction implements RunAction2 {
    public InputStepExecution getExecution(String id) throws InterruptedException, TimeoutException {
        throw new UnsupportedOperationException("shim");
    }
}
