// Source: notes §2.1 (step-api 710, StepExecutions.java). Shim: signatures only.
package org.jenkinsci.plugins.workflow.steps;

public class StepExecutions {
    @FunctionalInterface
    public interface SynchronousBody {
        Object call(StepContext context) throws Exception;
    }

    public static StepExecution synchronousNonBlocking(StepContext context, SynchronousBody body) {
        throw new UnsupportedOperationException("shim");
    }
}
