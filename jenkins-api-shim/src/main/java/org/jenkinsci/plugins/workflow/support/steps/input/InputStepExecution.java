// Source: pipeline-input-step, org.jenkinsci.plugins.workflow.support.steps.input.InputStepExecution. Shim: only the members the plugin calls.
package org.jenkinsci.plugins.workflow.support.steps.input;

import java.util.Map;
import org.kohsuke.stapler.HttpResponse;

public class InputStepExecution {
    public String getId() {
        throw new UnsupportedOperationException("shim");
    }

    public InputStep getInput() {
        throw new UnsupportedOperationException("shim");
    }

    public boolean isSettled() {
        throw new UnsupportedOperationException("shim");
    }

    public HttpResponse proceed(Map<String, Object> params) {
        throw new UnsupportedOperationException("shim");
    }

    public void stop(Throwable cause) throws Exception {
        throw new UnsupportedOperationException("shim");
    }
}
