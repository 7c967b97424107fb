// Source: pipeline-input-step, org.jenkinsci.plugins.workflow.support.steps.input.InputSubmittedAction. Shim: only the members the plugin calls (abstract: the plugin never makes one).
package org.jenkinsci.plugins.workflow.support.steps.input;

import hudson.model.Action;
import java.util.Map;

public abstract class InputSubmittedAction implements Action {
    public String getApprover() {
        throw new UnsupportedOperationException("shim");
    }

    public Map<String, Object> getParameters() {
        throw new UnsupportedOperationException("shim");
    }
}
