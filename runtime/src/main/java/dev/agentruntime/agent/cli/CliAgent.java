package dev.agentruntime.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentruntime.agent.Agent;
import dev.agentruntime.agent.AgentContext;
import dev.agentruntime.agent.AgentResult;
import dev.agentruntime.agent.AgentResult.Outcome;
import dev.agentruntime.agent.ToolKind;
import dev.agentruntime.events.EventLog;
import dev.agentruntime.gateway.ModelApi;
import dev.agentruntime.gateway.ModelGateway;
import dev.agentruntime.sandbox.ExecResult;
import dev.agentruntime.sandbox.Sandbox;
import dev.agentruntime.util.CappedOutput;
import dev.agentruntime.common.Json;
import dev.agentruntime.common.Text;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a real agent CLI inside the sandbox: configuration written by the runtime into the agent's home, the model
 * reached only through the {@link ModelGateway} (socat in the sandbox turns the gateway's unix socket into a loopback
 * port). Two ways to drive it: headless (one-shot exec mode, stdin closed) when the run's gate allows everything, or
 * through the agent's interactive channel (a {@link Conversation} on stdin/stdout) so that policy decides on each
 * action before it runs. Its JSON output becomes agent-neutral events (the raw lines are kept in agent-output/), and
 * a watchdog stops it for budgets, cancellation, hangs and loops.
 */
public abstract class CliAgent implements Agent {
    /** Loopback port inside the sandbox where the agent finds its model. */
    static final int MODEL_PORT = 4000;
    static final String MODEL_ORIGIN = "http://127.0.0.1:" + MODEL_PORT;
    /** API key the agent is configured with; the gateway replaces it with the real one on the host. */
    static final String PLACEHOLDER_KEY = "sk-agent-runtime-placeholder";
    private static final String PID_FILE = Sandbox.HOME + "/.agent.pid";

    /** How the agent is started; {@code conversation} is null for the headless mode. */
    protected record Invocation(List<String> argv, Map<String, String> env, Conversation conversation) {
        Invocation(List<String> argv, Map<String, String> env) {
            this(argv, env, null);
        }
    }

    protected abstract ModelApi api();

    /**
     * Writes the agent's configuration under {@code home} (its HOME inside the sandbox); {@code interactive}: the
     * agent must ask before acting (its permission requests reach the gate).
     */
    protected abstract void configure(Path home, String modelBaseUrl, String model, boolean interactive) throws IOException;

    /** The headless command line; {@code resumeSession} continues a native session when not null. */
    protected abstract Invocation invocation(String prompt, String model, String resumeSession, String modelBaseUrl);

    /** The interactive command line with its {@link Conversation}. */
    protected abstract Invocation conversation(String prompt, String model, String resumeSession, String modelBaseUrl);

    protected abstract AgentOutput newOutputMapper();

    /** Command names of the agent's own long-lived helper processes (not "work"). */
    protected Set<String> helperProcesses() {
        return Set.of();
    }

    /** Base URL the agent is configured with, inside the sandbox. */
    protected String modelBaseUrl(String upstreamBase) {
        return MODEL_ORIGIN + ModelGateway.upstreamPath(upstreamBase);
    }

    @Override
    public AgentResult run(AgentContext ctx) {
        EventLog log = ctx.events();
        Sandbox sandbox = ctx.sandbox();
        AtomicReference<String> stopReason = new AtomicReference<>();
        AtomicReference<Outcome> stopOutcome = new AtomicReference<>();
        Path socket = ctx.run().socketDir().resolve("model.sock");
        // Agents are shared by concurrent runs: everything about this run lives in locals, none in fields.
        AtomicReference<Runnable> onStop = new AtomicReference<>(() -> { });
        ModelGateway.Listener listener = new ModelGateway.Listener() {
            @Override
            public void budgetExceeded(String reason) {
                stop(stopOutcome, stopReason, Outcome.BUDGET_EXCEEDED, reason);
                onStop.get().run();
            }

            @Override
            public void endpointFailing(String reason, boolean transientFault) {
                stop(stopOutcome, stopReason, transientFault ? Outcome.MODEL_FAULT : Outcome.FAILED, reason);
                onStop.get().run();
            }
        };
        try (ModelGateway gateway = new ModelGateway(ctx.task().model().baseUrl(), api(), ctx.apiKey(), log, ctx.budget(),
                socket, listener, ctx.checkpointBarrier())) {
            sandbox.forward(MODEL_PORT, "model.sock");
            String baseUrl = modelBaseUrl(ctx.task().model().baseUrl());
            boolean interactive = ctx.gate().mayRefuse();
            configure(ctx.run().agentHome(), baseUrl, ctx.task().model().model(), interactive);
            handToSandboxUser(ctx.run().agentHome());
            String prompt = ctx.resumeSession() == null ? ctx.task().instructions()
                    : "You were interrupted. Continue the task from where you stopped. The task: " + ctx.task().instructions();
            Invocation inv = interactive ? conversation(prompt, ctx.task().model().model(), ctx.resumeSession(), baseUrl)
                    : invocation(prompt, ctx.task().model().model(), ctx.resumeSession(), baseUrl);
            return supervise(ctx, gateway, inv, stopOutcome, stopReason, onStop);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private AgentResult supervise(AgentContext ctx, ModelGateway gateway, Invocation inv,
                                  AtomicReference<Outcome> stopOutcome, AtomicReference<String> stopReason,
                                  AtomicReference<Runnable> onStop) throws IOException {
        EventLog log = ctx.events();
        Sandbox sandbox = ctx.sandbox();
        Files.createDirectories(ctx.run().agentOutput());
        int attempt = 1;
        while (Files.exists(ctx.run().agentOutput().resolve(name() + "-" + attempt + ".jsonl"))) attempt++;
        Path raw = ctx.run().agentOutput().resolve(name() + "-" + attempt + ".jsonl");
        Path rawErr = ctx.run().agentOutput().resolve(name() + "-" + attempt + ".stderr.log");
        List<String> argv = new java.util.ArrayList<>(List.of("setsid", "--wait", "bash", "-c",
                "echo $$ > " + PID_FILE + "; exec \"$0\" \"$@\""));
        argv.addAll(inv.argv());
        Map<String, String> env = new java.util.HashMap<>(inv.env());
        env.put("HOME", Sandbox.HOME);
        env.put("TMPDIR", Sandbox.HOME + "/tmp");
        Conversation conversation = inv.conversation();
        log.append("agent.process.started", "agent", Json.object().put("command", String.join(" ", inv.argv()))
                .put("channel", conversation == null ? "headless" : "interactive")
                .put("rawOutput", ctx.run().root().relativize(raw).toString()));
        long started = System.nanoTime();
        Process p = sandbox.start(argv, env, conversation != null);
        // Stopping is immediate: no more model answers, and the process group is killed at once.
        java.util.concurrent.ExecutorService killer = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "agent-killer");
            t.setDaemon(true);
            return t;
        });
        java.util.concurrent.atomic.AtomicBoolean killing = new java.util.concurrent.atomic.AtomicBoolean();
        AtomicReference<Thread> inGate = new AtomicReference<>(); // the thread waiting for a decision, if any
        onStop.set(() -> {
            gateway.refuseAll(stopReason.get());
            Thread waiting = inGate.get(); // a decision still pending is closed: the agent will not act on it
            if (waiting != null) waiting.interrupt();
            if (killing.compareAndSet(false, true)) killer.execute(() -> kill(sandbox, ctx, p));
        });
        AgentOutput mapper = conversation != null ? conversation : newOutputMapper();
        AtomicLong lastOutput = new AtomicLong(System.nanoTime());
        // While a decision is pending (a human may take minutes) the agent is waiting, not hung.
        java.util.concurrent.atomic.AtomicInteger deciding = new java.util.concurrent.atomic.AtomicInteger();
        if (conversation != null) {
            conversation.attach(p.getOutputStream(), (tool, kind, args) -> {
                deciding.incrementAndGet();
                inGate.set(Thread.currentThread());
                try {
                    return ctx.gate().check(tool, kind, args);
                } finally {
                    inGate.set(null);
                    Thread.interrupted(); // a stop that arrived after the decision
                    lastOutput.set(System.nanoTime());
                    deciding.decrementAndGet();
                }
            });
        }
        Mapping mapping = new Mapping(log, ctx.task().stall().loopRepeats(), reason -> {
            stop(stopOutcome, stopReason, Outcome.FAILED, reason);
            onStop.get().run();
        });
        dev.agentruntime.common.Masker masker = log.masker();
        Thread out = reader(p.getInputStream(), raw, masker, line -> {
            lastOutput.set(System.nanoTime());
            mapping.line(line, mapper);
            if (conversation != null && conversation.finished()) conversation.close();
        });
        if (conversation != null) conversation.open();
        Thread err = reader(p.getErrorStream(), rawErr, masker, line -> lastOutput.set(System.nanoTime()));
        Duration stallAfter = ctx.task().stall().after();
        boolean quietReported = false;
        while (p.isAlive()) {
            waitFor(p, 500);
            if (!p.isAlive()) break;
            if (stopReason.get() == null && ctx.cancelled().getAsBoolean()) stop(stopOutcome, stopReason, Outcome.CANCELLED, "cancelled");
            if (stopReason.get() == null && ctx.budget().remainingWallClock().isZero()) {
                String why = ctx.budget().exhausted().orElse("wall-clock budget exhausted (budgets.wallClock)");
                log.append("budget.exceeded", "runtime", Json.object().put("reason", why));
                stop(stopOutcome, stopReason, Outcome.BUDGET_EXCEEDED, why);
            }
            if (deciding.get() > 0) lastOutput.set(System.nanoTime());
            long idleNanos = System.nanoTime() - Math.max(lastOutput.get(), gateway.lastTrafficNanos());
            if (stopReason.get() == null && idleNanos > stallAfter.toNanos()) {
                List<String> work = ChildProcesses.liveWork(sandbox, readPid(ctx), helperProcesses());
                if (work.isEmpty()) {
                    String why = "agent hung: no output, no model traffic and no running child process for "
                            + Duration.ofNanos(idleNanos).toSeconds() + "s (stall.after " + stallAfter.toSeconds() + "s)";
                    boolean modelHung = gateway.busy(); // waiting for an answer that stopped coming: the endpoint's fault
                    log.append("agent.stalled", "runtime", Json.object().put("classification", modelHung ? "model-hung" : "hung")
                            .put("reason", why).put("modelRequestInFlight", modelHung));
                    stop(stopOutcome, stopReason, modelHung ? Outcome.MODEL_FAULT : Outcome.FAILED,
                            modelHung ? "the model's answer stalled mid-stream; " + why : why);
                } else if (!quietReported) {
                    quietReported = true;
                    ObjectNode d = Json.object().put("classification", "working").put("idleSeconds", Duration.ofNanos(idleNanos).toSeconds());
                    work.forEach(d.putArray("processes")::add);
                    log.append("agent.quiet", "runtime", d);
                }
            } else if (idleNanos < stallAfter.toNanos()) {
                quietReported = false;
            }
            if (stopReason.get() != null) onStop.get().run();
        }
        killer.shutdown();
        join(out);
        join(err);
        int exit = p.exitValue();
        long[] seen = gateway.totals();
        if (log.turn() != null) log.append("turn.ended", "agent", Json.object().put("turn", log.turn()));
        ObjectNode exitData = Json.object().put("exitCode", exit).put("millis", (System.nanoTime() - started) / 1_000_000)
                .put("modelRequests", seen[0]);
        exitData.putObject("gatewayUsage").put("input", seen[1]).put("output", seen[2]).put("cached", seen[3]);
        mapping.reportedUsage(exitData.putObject("reportedUsage"));
        if (mapping.session != null) exitData.put("sessionId", mapping.session);
        if (stopReason.get() != null) exitData.put("stoppedFor", stopReason.get());
        log.append("agent.exit", "agent", exitData);
        if (stopReason.get() != null) return AgentResult.stopped(stopOutcome.get(), stopReason.get());
        String fault = gateway.lastFault();
        // An answer still open once the agent is gone stalled mid-stream (the agent gave up on it, or fell back).
        if (fault == null && !gateway.awaitIdle(Duration.ofSeconds(2))) fault = "the model's answer stalled mid-stream";
        if (fault != null) {
            // The agent acted on (or gave up over) a broken answer: its outcome, finished or not, is not its own.
            return AgentResult.stopped(Outcome.MODEL_FAULT, fault + "; " + name() + " exited " + exit
                    + (mapping.failure != null ? ": " + mapping.failure : ""));
        }
        if (conversation != null && mapping.failure != null) {
            return AgentResult.stopped(Outcome.FAILED, name() + " failed: " + mapping.failure);
        }
        if (conversation != null) {
            // Some agents exit non-zero when their stdin closes; what counts is that the conversation ended.
            if (conversation.finished()) return AgentResult.finished(mapping.lastMessage);
            return AgentResult.stopped(Outcome.CRASHED, name() + " exited " + exit + " before finishing: "
                    + Text.abbreviate(tail(rawErr), 400));
        }
        if (exit != 0 && mapping.failure == null) {
            return AgentResult.stopped(Outcome.CRASHED, name() + " exited " + exit + ": " + Text.abbreviate(tail(rawErr), 400));
        }
        if (exit != 0 || mapping.failure != null) {
            String why = mapping.failure != null ? mapping.failure : Text.abbreviate(tail(rawErr), 400);
            return AgentResult.stopped(Outcome.FAILED, name() + " exited " + exit + (why.isBlank() ? "" : ": " + why));
        }
        return AgentResult.finished(mapping.lastMessage);
    }


    /** Records the first reason to stop; the watchdog loop then kills the agent. */
    private static void stop(AtomicReference<Outcome> outcome, AtomicReference<String> reason, Outcome o, String why) {
        if (reason.compareAndSet(null, why)) outcome.set(o);
    }

    /** Kills the agent's whole process group inside the sandbox, then the docker exec client. */
    private static void kill(Sandbox sandbox, AgentContext ctx, Process p) {
        try {
            sandbox.exec("kill -KILL -- -$(cat " + PID_FILE + ") 2>/dev/null; true", Duration.ofSeconds(10), 4096);
        } catch (RuntimeException ignored) {
            // The sandbox may already be gone (cancel); the client is killed below either way.
        }
        waitFor(p, 3000);
        p.destroyForcibly();
    }

    private static int readPid(AgentContext ctx) {
        try {
            return Integer.parseInt(Files.readString(ctx.run().agentHome().resolve(".agent.pid")).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }


    /** The agent home is written by the runtime (maybe root) but used by the sandbox user. */
    private static void handToSandboxUser(Path home) {
        if (new com.sun.security.auth.module.UnixSystem().getUid() != 0) return;
        dev.agentruntime.util.Proc.of("chown", "-R", Sandbox.DEFAULT_USER, home.toString()).run();
    }

    /** Copies an agent stream to its raw file (secrets masked) and hands each line on. */
    private static Thread reader(InputStream in, Path file, dev.agentruntime.common.Masker masker, java.util.function.Consumer<String> onLine) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                 Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null) {
                    w.write(masker.mask(line));
                    w.write('\n');
                    w.flush();
                    try {
                        onLine.accept(line);
                    } catch (RuntimeException ignored) {
                        // One odd line must not stop the reading (the raw file keeps it).
                    }
                }
            } catch (IOException ignored) {
                // The process ended.
            }
        }, "agent-output");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static String tail(Path f) {
        try {
            return Files.exists(f) ? CappedOutput.tail(Files.readString(f), 400) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static void waitFor(Process p, long ms) {
        try {
            p.waitFor(ms, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(Thread t) {
        try {
            t.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes text files under the agent home. */
    protected static void write(Path home, String relative, String content) throws IOException {
        dev.agentruntime.util.NoFollow.write(home, relative, content); // the home is the agent's: no symlink is followed
    }

    /** Agent-neutral bookkeeping over one agent process's output: events, session, usage, loop detection. */
    static final class Mapping implements AgentOutput.Sink {
        private final EventLog log;
        private final int loopRepeats;
        private final java.util.function.Consumer<String> onLoop;
        String session;
        String lastMessage;
        String failure;
        private String lastCall;
        private int repeats;
        private long input, output, cached;
        private Double cost;

        Mapping(EventLog log, int loopRepeats, java.util.function.Consumer<String> onLoop) {
            this.log = log;
            this.loopRepeats = loopRepeats;
            this.onLoop = onLoop;
        }

        void line(String line, AgentOutput m) {
            JsonNode json;
            try {
                json = Json.MAPPER.readTree(line);
            } catch (IOException e) {
                return; // not JSON (a warning line); kept in the raw file
            }
            if (json != null && json.isObject()) m.map(json, this);
        }

        @Override
        public void assistantMessage(String text) {
            if (text == null || text.isBlank()) return;
            lastMessage = text;
            log.append("assistant.message", "agent", Json.object().put("text", text));
        }

        @Override
        public void toolCall(String callId, String name, ToolKind kind, JsonNode arguments) {
            log.append("tool.call", "agent", Json.object().put("callId", callId).put("name", name).put("kind", kind.name())
                    .set("arguments", arguments == null ? Json.object() : arguments));
            String signature = name + " " + (arguments == null ? "" : arguments.toString());
            repeats = signature.equals(lastCall) ? repeats + 1 : 1;
            lastCall = signature;
            if (repeats >= loopRepeats) {
                String why = "agent looping: the same " + name + " call " + repeats + " times in a row (stall.loopRepeats " + loopRepeats + ")";
                log.append("agent.stalled", "runtime", Json.object().put("classification", "looping").put("reason", why));
                onLoop.accept(why);
            }
        }

        @Override
        public void toolResult(String callId, String name, boolean ok, Integer exitCode, String out) {
            ObjectNode d = Json.object().put("callId", callId).put("name", name).put("status", ok ? "ok" : "error")
                    .put("outputTail", CappedOutput.tail(log.masker().mask(out == null ? "" : out), 2000)); // mask, then cut
            if (exitCode != null) d.put("exitCode", exitCode);
            log.append("tool.result", "sandbox", d);
        }

        @Override
        public void usage(long in, long out, long cache, Double costUsd) {
            input += in;
            output += out;
            cached += cache;
            if (costUsd != null) cost = (cost == null ? 0 : cost) + costUsd;
            ObjectNode d = Json.object().put("input", in).put("output", out).put("cached", cache);
            if (costUsd != null) d.put("costUsd", costUsd);
            log.append("agent.usage", "agent", d);
        }

        @Override
        public void session(String id) {
            if (id == null || id.equals(session)) return;
            session = id;
            log.append("agent.session", "agent", Json.object().put("sessionId", id));
        }

        @Override
        public void error(String message) {
            failure = message;
            log.append("agent.error", "agent", Json.object().put("message", message));
        }

        @Override
        public void other(String type, ObjectNode data) {
            log.append("agent." + type, "agent", data);
        }

        void reportedUsage(ObjectNode into) {
            into.put("input", input).put("output", output).put("cached", cached);
            if (cost != null) into.put("costUsd", cost);
        }
    }
}
