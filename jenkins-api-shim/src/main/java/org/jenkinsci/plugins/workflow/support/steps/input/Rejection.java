// Source: pipeline-input-step, org.jenkinsci.plugins.workflow.support.steps.input.Rejection. Shim: only the members the plugin calls.
package org.jenkinsci.plugins.workflow.support.steps.input;

import hudson.model.User;
import jenkins.model.CauseOfInterruption;

public final class Rejection extends CauseOfInterruption {
    public User getUser() {
        throw new UnsupportedOperationException("shim");
    }

    @Override
    public String getShortDescription() {
        throw new UnsupportedOperationException("shim");
    }
}
