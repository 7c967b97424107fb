package dev.agentruntime.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Percentiles over measured milliseconds (nearest-rank). */
public record Stats(String name, List<Double> millis) {
    public double percentile(double p) {
        List<Double> s = new ArrayList<>(millis);
        Collections.sort(s);
        int rank = (int) Math.ceil(p / 100.0 * s.size());
        return s.get(Math.max(0, Math.min(s.size() - 1, rank - 1)));
    }

    public String line() {
        return String.format(java.util.Locale.ROOT, "%-40s n=%-3d p50=%8.1f ms  p95=%8.1f ms", name, millis.size(), percentile(50), percentile(95));
    }
}
