// Source: notes §2.1 (step-api 710, StepExecution.java). Shim: signatures only.
package org.jenkinsci.plugins.workflow.steps;

public abstract class StepExecution implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    protected StepExecution(StepContext context) {
        throw new UnsupportedOperationException("shim");
    }

    public StepContext getContext() {
        throw new UnsupportedOperationException("shim");
    }

    public abstract boolean start() throws Exception;

    public void stop(Throwable cause) throws Exception {
        throw new UnsupportedOperationException("shim");
    }

    public void onResume() {
        throw new UnsupportedOperationException("shim");
    }

    public String getStatus() {
        throw new UnsupportedOperationException("shim");
    }
}
