// Source: workflow-api, org.jenkinsci.plugins.workflow.flow.FlowExecutionOwner. Shim: only the members the plugin calls.
package org.jenkinsci.plugins.workflow.flow;

import hudson.model.Queue;
import java.io.IOException;

public abstract class FlowExecutionOwner {
    public abstract Queue.Executable getExecutable() throws IOException;
}
