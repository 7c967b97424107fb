// Source: workflow-api, org.jenkinsci.plugins.workflow.actions.ErrorAction. Shim: only the members the plugin calls.
package org.jenkinsci.plugins.workflow.actions;

import hudson.model.Action;

public class ErrorAction implements Action {
    public Throwable getError() {
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
