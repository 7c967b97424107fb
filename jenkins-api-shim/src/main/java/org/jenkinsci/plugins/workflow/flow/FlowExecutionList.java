// Source: workflow-api, org.jenkinsci.plugins.workflow.flow.FlowExecutionList. Shim: only the members the plugin calls.
package org.jenkinsci.plugins.workflow.flow;

import java.util.Iterator;

public class FlowExecutionList implements Iterable<FlowExecution> {
    public static FlowExecutionList get() {
        throw new UnsupportedOperationException("shim");
    }

    @Override
    public Iterator<FlowExecution> iterator() {
        throw new UnsupportedOperationException("shim");
    }
}
