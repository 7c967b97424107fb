// Source: workflow-step-api, org.jenkinsci.plugins.workflow.steps.FlowInterruptedException. Shim: only the members the plugin calls.
package org.jenkinsci.plugins.workflow.steps;

import hudson.model.Result;
import java.util.List;
import jenkins.model.CauseOfInterruption;

public final class FlowInterruptedException extends InterruptedException {
    public FlowInterruptedException(Result result, boolean actualInterruption, CauseOfInterruption... causes) {
        throw new UnsupportedOperationException("shim");
    }

    public List<CauseOfInterruption> getCauses() {
        throw new UnsupportedOperationException("shim");
    }
}
