// Source: workflow-cps, org.jenkinsci.plugins.workflow.cps.CpsScript (a groovy.lang.Script). Shim: only the members the plugin calls.
package org.jenkinsci.plugins.workflow.cps;

import groovy.lang.Binding;

public abstract class CpsScript {
    public Binding getBinding() {
        throw new UnsupportedOperationException("shim");
    }
}
