// Source: workflow-api, org.jenkinsci.plugins.workflow.flow.FlowExecution. Shim: only the members the plugin calls.
package org.jenkinsci.plugins.workflow.flow;

public abstract class FlowExecution {
    public abstract FlowExecutionOwner getOwner();
}
