// Source: notes §2.1 (step-api 710, StepContext.java). Shim: signatures only.
package org.jenkinsci.plugins.workflow.steps;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.ListenableFuture;
import java.io.IOException;

public abstract class StepContext implements FutureCallback<Object>, java.io.Serializable {
    public abstract <T> T get(Class<T> key) throws IOException, InterruptedException;

    @Override
    public abstract void onSuccess(Object result);

    public abstract boolean isReady();

    public abstract ListenableFuture<Void> saveState();

    public abstract void setResult(hudson.model.Result r);

    @Override
    public abstract boolean equals(Object o);

    @Override
    public abstract int hashCode();
}
