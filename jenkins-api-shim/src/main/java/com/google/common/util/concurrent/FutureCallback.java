// Source: notes §2.1 (Guava 33.5.0-jre in core 2.541.3, FutureCallback).
package com.google.common.util.concurrent;

public interface FutureCallback<V> {
    void onSuccess(V result);

    void onFailure(Throwable t);
}
