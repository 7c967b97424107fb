package dev.agentruntime.jenkins;

import hudson.util.ClassLoaderSanityThreadFactory;
import hudson.util.DaemonThreadFactory;
import hudson.util.NamingThreadFactory;
import java.io.IOException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import jenkins.util.SystemProperties;
import org.jenkinsci.plugins.workflow.support.concurrent.Timeout;

/**
 * The threads our step executions run on: a pool of their own, never {@code jenkins.util.Timer} (shared by all of
 * core, where a hung remote call would hold up everyone's timers), as durable-task-step does. Every call to a node
 * goes through {@link #remote}, which interrupts it after {@link #REMOTE_TIMEOUT_SECONDS}: a broken channel then shows
 * up as an error the caller retries, not as a thread parked for ever.
 */
final class StepThreads {
    /** Seconds a call to a node may take (system property {@code dev.agentruntime.jenkins.StepThreads.remoteTimeout}). */
    static final long REMOTE_TIMEOUT_SECONDS = SystemProperties.getLong(StepThreads.class.getName() + ".remoteTimeout", 20L);
    /** Seconds the runtime jar's first copy to a node may take: 15 MB over a slow link. */
    static final long COPY_TIMEOUT_SECONDS = SystemProperties.getLong(StepThreads.class.getName() + ".copyTimeout", 600L);

    private static ScheduledExecutorService pool;

    private StepThreads() {}

    static synchronized ScheduledExecutorService pool() {
        if (pool == null) {
            ScheduledThreadPoolExecutor p = new ScheduledThreadPoolExecutor(8,
                    new NamingThreadFactory(new ClassLoaderSanityThreadFactory(new DaemonThreadFactory()), "AgentRuntime step"));
            p.setKeepAliveTime(1, TimeUnit.MINUTES);
            p.allowCoreThreadTimeOut(true);
            p.setRemoveOnCancelPolicy(true);
            pool = p;
        }
        return pool;
    }

    /** Work that talks to a node. */
    @FunctionalInterface
    interface Remote<T> {
        T call() throws IOException, InterruptedException;
    }

    /** Runs {@code call} with the remote time limit; an interrupt from the limit surfaces as InterruptedException. */
    static <T> T remote(Remote<T> call) throws IOException, InterruptedException {
        return limited(REMOTE_TIMEOUT_SECONDS, call);
    }

    static <T> T limited(long seconds, Remote<T> call) throws IOException, InterruptedException {
        try (Timeout t = Timeout.limit(seconds, TimeUnit.SECONDS)) {
            return call.call();
        }
    }
}
