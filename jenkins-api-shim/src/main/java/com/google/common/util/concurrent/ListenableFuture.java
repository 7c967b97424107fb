// Source: notes §2.1 (Guava 33.5.0-jre in core 2.541.3, ListenableFuture).
package com.google.common.util.concurrent;

public interface ListenableFuture<V> extends java.util.concurrent.Future<V> {
    void addListener(Runnable listener, java.util.concurrent.Executor executor);
}
