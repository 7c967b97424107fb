package dev.agentruntime.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentruntime.agent.ActionGate;
import dev.agentruntime.agent.ToolKind;
import dev.agentruntime.common.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A two-way session with an agent CLI over its stdin/stdout, one JSON object per line: the runtime sends the
 * prompt, and every permission request the agent makes is answered by the {@link ActionGate} (policy, and a human
 * where policy says ask) before the action runs. One instance per agent process.
 */
abstract class Conversation implements AgentOutput {
    private OutputStream stdin;
    private volatile boolean finished;
    /** Called for each permission request; set by {@link CliAgent} (it also pauses the stall watchdog meanwhile). */
    private ActionGate gate = ActionGate.ALLOW_ALL;

    final void attach(OutputStream in, ActionGate gate) {
        this.stdin = in;
        this.gate = gate;
    }

    /** Sends the first messages (handshake, prompt). */
    abstract void open();

    /** True once the agent has finished its work: the runtime then closes stdin and the agent exits. */
    final boolean finished() {
        return finished;
    }

    final void finish() {
        finished = true;
    }

    /** The policy's answer for one action the agent wants to take. */
    final ActionGate.Verdict ask(String tool, ToolKind kind, JsonNode arguments) {
        return gate.check(tool, kind, arguments == null ? Json.object() : arguments);
    }

    final synchronized void send(ObjectNode message) {
        try {
            stdin.write((Json.write(message) + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            finish(); // the agent is gone; the supervisor sees its exit
        }
    }

    /** Closes the agent's stdin (most agents exit on end of input). */
    final synchronized void close() {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }
}
