// Source: workflow-api, org.jenkinsci.plugins.workflow.actions.ErrorAction. Shim: only the members the plugin calls (abstract: the plugin never makes one).
package org.jenkinsci.plugins.workflow.actions;

import hudson.model.Action;

public abstract class ErrorAction implements Action {
    public Throwable getError() {
        throw new UnsupportedOperationException("shim");
    }
}
