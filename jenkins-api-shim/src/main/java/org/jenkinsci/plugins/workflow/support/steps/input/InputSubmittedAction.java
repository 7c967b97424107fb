// Source: pipeline-input-step, org.jenkinsci.plugins.workflow.support.steps.input.InputSubmittedAction. Shim: only the members the plugin calls.
package org.jenkinsci.plugins.workflow.support.steps.input;

import hudson.model.Action;
import java.util.Map;

public class InputSubmittedAction implements Action {
    public String getApprover() {
        throw new UnsupportedOperationException("shim");
    }

    public Map<String, Object> getParameters() {
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
}
