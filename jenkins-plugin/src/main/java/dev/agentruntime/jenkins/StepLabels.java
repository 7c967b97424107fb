package dev.agentruntime.jenkins;

import java.util.Map;

/**
 * What the stage views (classic Pipeline Steps, Pipeline Graph View, Blue Ocean) show next to each step: the task,
 * the gate's question, the repository — from the step's named arguments ({@code StepDescriptor#argumentsToString}).
 */
final class StepLabels {
    private static final int MAX = 60;

    private StepLabels() {}

    static String task(Map<String, Object> args) {
        String id = text(args.get("taskId"));
        if (id != null) return id;
        String file = text(args.get("taskFile"));
        if (file != null) return file;
        String task = text(args.get("task"));
        return task == null ? null : shorten(task.strip().lines().findFirst().orElse(""));
    }

    static String approve(Map<String, Object> args) {
        String message = text(args.get("message"));
        return message != null ? shorten(message) : run(args);
    }

    static String publish(Map<String, Object> args) {
        String repo = text(args.get("repo"));
        return repo != null ? repo : run(args);
    }

    private static String run(Map<String, Object> args) {
        String run = text(args.get("run"));
        return run == null ? null : "run " + run.substring(run.replace('\\', '/').lastIndexOf('/') + 1);
    }

    private static String text(Object o) {
        return o instanceof CharSequence s && !s.toString().isBlank() ? s.toString() : null;
    }

    private static String shorten(String s) {
        return s.length() > MAX ? s.substring(0, MAX - 1) + "…" : s;
    }
}
