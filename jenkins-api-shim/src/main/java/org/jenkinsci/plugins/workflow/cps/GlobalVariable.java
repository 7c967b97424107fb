// Source: workflow-cps, org.jenkinsci.plugins.workflow.cps.GlobalVariable. Shim: only the members the plugin calls.
package org.jenkinsci.plugins.workflow.cps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.ExtensionPoint;

public abstract class GlobalVariable implements ExtensionPoint {
    @NonNull
    public abstract String getName();

    @NonNull
    public abstract Object getValue(@NonNull CpsScript script) throws Exception;
}
