// Source: workflow-api, org.jenkinsci.plugins.workflow.graph.FlowNode. Shim: only the members the plugin calls.
package org.jenkinsci.plugins.workflow.graph;

import hudson.model.Actionable;
import java.util.List;

public abstract class FlowNode extends Actionable {
    public List<FlowNode> getParents() {
        throw new UnsupportedOperationException("shim");
    }
}
