package dev.agentruntime.bench;

import dev.agentruntime.demo.DemoScript;
import dev.agentruntime.demo.ExampleRepo;
import dev.agentruntime.events.Event;
import dev.agentruntime.events.EventReader;
import dev.agentruntime.model.ModelScript;
import dev.agentruntime.model.ScriptedModelServer;
import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.rundir.RunState;
import dev.agentruntime.rundir.Status;
import dev.agentruntime.run.RunOptions;
import dev.agentruntime.run.TaskRunner;
import dev.agentruntime.task.TaskSpec;
import dev.agentruntime.task.TaskSpecs;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code agent-runtime bench agents}: the demo task with each agent against the scripted model. Per agent: process
 * start to first model request, and where a run's wall time goes — provisioning, the model, tools, and the rest
 * (agent CLI start-up and bookkeeping, the runtime's own overhead). Prints numbers; asserts nothing.
 */
public final class AgentBench {
    /** Agent name and the model name it is given. */
    public static final List<String[]> AGENTS = List.of(new String[] {"builtin", "scripted"},
            new String[] {"opencode", "scripted-model"}, new String[] {"codex", "gpt-5.5"}, new String[] {"claude-code", "claude-sonnet-4-5"});

    private AgentBench() {}

    public static List<Stats> run(int iterations, Path scratch, PrintStream out) {
        List<Stats> all = new ArrayList<>();
        for (String[] a : AGENTS) {
            Map<String, List<Double>> m = new HashMap<>();
            for (int i = 0; i < iterations; i++) {
                Path dir = scratch.resolve(a[0] + "-" + i);
                ExampleRepo.Generated repo = ExampleRepo.calculator(dir.resolve("repo"));
                try (ScriptedModelServer model = ScriptedModelServer.start(ModelScript.parse(DemoScript.YAML), 0)) {
                    TaskSpec task = TaskSpecs.parse(DemoScript.task(repo.url(), model.baseUrl()).replace("agent: builtin", "agent: " + a[0])
                            .replace("model: scripted", "model: " + a[1]), "bench", dir);
                    TaskRunner runner = new TaskRunner(RunOptions.defaults());
                    RunDirectory rd = runner.create(task, dir.resolve("runs"), null);
                    RunState end = runner.execute(rd, task);
                    if (end.status() != Status.SUCCEEDED) throw new IllegalStateException(a[0] + " run failed: " + end.reason());
                    Map<String, Double> r = breakdown(EventReader.readAll(rd.events()));
                    r.forEach((k, v) -> m.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
                    out.printf("%s #%d: %s%n", a[0], i + 1, r);
                }
            }
            for (String k : List.of("wall", "provisioning", "startToFirstModelRequest", "model", "tools", "rest")) {
                if (m.containsKey(k)) all.add(new Stats(a[0] + " " + k, m.get(k)));
            }
        }
        return all;
    }

    /** Milliseconds per part of one run, from its events. */
    static Map<String, Double> breakdown(List<Event> events) {
        Map<String, Double> r = new HashMap<>();
        Event first = events.get(0);
        Event last = events.get(events.size() - 1);
        r.put("wall", ms(first, last));
        Event agentStart = find(events, "agent.started");
        r.put("provisioning", ms(first, agentStart));
        Event procStart = events.stream().filter(e -> e.type().equals("agent.process.started")).findFirst().orElse(agentStart);
        double model = 0;
        Double firstRequest = null;
        for (Event e : events) {
            if (e.type().equals("model.request") || e.type().equals("model.response")) {
                double took = e.data().path("millis").asDouble();
                model += took;
                if (firstRequest == null) firstRequest = ms(procStart, e) - took;
            }
        }
        r.put("model", model);
        if (firstRequest != null) r.put("startToFirstModelRequest", Math.max(0, firstRequest));
        Map<String, Event> calls = new HashMap<>();
        double tools = 0;
        for (Event e : events) {
            if (e.type().equals("tool.call")) calls.put(e.text("callId"), e);
            if (e.type().equals("tool.result") && calls.containsKey(e.text("callId"))) tools += ms(calls.get(e.text("callId")), e);
        }
        r.put("tools", tools);
        Event agentEnd = find(events, "agent.finished");
        r.put("rest", ms(agentStart, agentEnd) - model - tools);
        return r;
    }

    private static Event find(List<Event> events, String type) {
        return events.stream().filter(e -> e.type().equals(type)).findFirst().orElseThrow();
    }

    private static double ms(Event a, Event b) {
        return Duration.between(a.ts(), b.ts()).toNanos() / 1e6;
    }
}
