// Source: pipeline-input-step, org.jenkinsci.plugins.workflow.support.steps.input.InputStep. Shim: only the members the plugin calls.
package org.jenkinsci.plugins.workflow.support.steps.input;

public class InputStep {
    public String getMessage() {
        throw new UnsupportedOperationException("shim");
    }

    public String getSubmitter() {
        throw new UnsupportedOperationException("shim");
    }
}
