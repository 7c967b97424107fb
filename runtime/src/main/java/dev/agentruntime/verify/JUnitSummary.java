package dev.agentruntime.verify;

import java.util.List;

/**
 * Totals over the JUnit XML reports found after verification.
 *
 * @param files    report files read, relative to the workspace
 * @param tests    test cases
 * @param failed   failures plus errors
 * @param skipped  skipped test cases
 * @param failures the failing cases (at most 50)
 */
public record JUnitSummary(List<String> files, int tests, int failed, int skipped, List<Failure> failures) {
    /** One failing test case. */
    public record Failure(String suite, String name, String message) {}

    public static final JUnitSummary NONE = new JUnitSummary(List.of(), 0, 0, 0, List.of());
}
