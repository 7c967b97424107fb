// Source: workflow-api, org.jenkinsci.plugins.workflow.actions.ArgumentsAction. Shim: only the members the plugin calls.
package org.jenkinsci.plugins.workflow.actions;

import hudson.model.Action;
import java.util.Map;
import org.jenkinsci.plugins.workflow.graph.FlowNode;

public abstract class ArgumentsAction implements Action {
    public static Map<String, Object> getFilteredArguments(FlowNode n) {
        throw new UnsupportedOperationException("shim");
    }
}
