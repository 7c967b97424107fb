package dev.agentruntime.agent;

import dev.agentruntime.task.Budgets;
import dev.agentruntime.util.HumanDuration;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/** Usage so far against the task's budgets. Thread-safe; one per run. */
public final class Budget {
    private final Budgets limits;
    private final long startNanos = System.nanoTime();
    /** Wall-clock time spent before this process took the run over (a resume). */
    private volatile long carriedNanos;
    private int turns;
    private long inputTokens;
    private long outputTokens;
    private long cachedTokens;
    private volatile LongSupplier runDirectoryUsed;

    public Budget(Budgets limits) {
        this.limits = limits;
    }

    /** Continues from usage recorded before (a resumed run): {@code turns} already taken. */
    public synchronized void restore(int turns, long input, long output, long cached) {
        this.turns = turns;
        this.inputTokens = input;
        this.outputTokens = output;
        this.cachedTokens = cached;
    }

    /** Counts {@code d} as already spent (the run's time before a resume). */
    public void addElapsed(java.time.Duration d) {
        carriedNanos += d.toNanos();
    }

    public synchronized int startTurn() {
        return ++turns;
    }

    public synchronized void addUsage(long input, long output, long cached) {
        inputTokens += input;
        outputTokens += output;
        cachedTokens += cached;
    }

    public synchronized int turns() {
        return turns;
    }

    public synchronized long inputTokens() {
        return inputTokens;
    }

    public synchronized long outputTokens() {
        return outputTokens;
    }

    public synchronized long cachedTokens() {
        return cachedTokens;
    }

    public synchronized long totalTokens() {
        return inputTokens + outputTokens;
    }

    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos + carriedNanos);
    }

    public Duration remainingWallClock() {
        Duration left = limits.wallClock().minus(elapsed());
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** Counts the run directory against {@code budgets.runDirectory}: {@code used} measures it in bytes. */
    public void measureRunDirectory(LongSupplier used) {
        this.runDirectoryUsed = used;
    }

    /** Why the run directory may not grow any more, if its budget is used up. */
    public Optional<String> runDirectoryFull() {
        LongSupplier m = runDirectoryUsed;
        if (m == null) return Optional.empty();
        long used = m.getAsLong();
        long limit = limits.runDirectoryBytes();
        if (used < limit) return Optional.empty();
        return Optional.of("run directory budget exhausted: " + (used >> 20) + " MB of " + (limit >> 20)
                + " MB used by checkpoints, agent output and logs (budgets.runDirectory)");
    }

    /** Why another turn may not start, if a budget is used up. */
    public synchronized Optional<String> exhausted() {
        if (turns >= limits.turns()) {
            return Optional.of("turn budget exhausted: " + turns + " of " + limits.turns() + " turns used (budgets.turns)");
        }
        if (totalTokens() >= limits.tokens()) {
            return Optional.of("token budget exhausted: " + totalTokens() + " of " + limits.tokens() + " tokens used (budgets.tokens)");
        }
        if (remainingWallClock().isZero()) {
            return Optional.of("wall-clock budget exhausted: " + HumanDuration.format(elapsed()) + " of "
                    + HumanDuration.format(limits.wallClock()) + " used (budgets.wallClock)");
        }
        return runDirectoryFull();
    }

    public Budgets limits() {
        return limits;
    }
}
