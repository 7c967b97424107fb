// Source: workflow-step-api, org.jenkinsci.plugins.workflow.steps.FlowInterruptedException. Shim: only the members the plugin calls.
package org.jenkinsci.plugins.workflow.steps;

import hudson.model.Result;

public final class FlowInterruptedException extends InterruptedException {
    public FlowInterruptedException(Result result, boolean actualInterruption, Object... causes) {
        throw new UnsupportedOperationException("shim");
    }
}
