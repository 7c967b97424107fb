package dev.agentruntime.run;

import dev.agentruntime.agent.Agent;
import dev.agentruntime.agent.builtin.BuiltinAgent;
import dev.agentruntime.agent.cli.ClaudeCodeAgent;
import dev.agentruntime.agent.cli.CodexAgent;
import dev.agentruntime.agent.cli.OpenCodeAgent;
import dev.agentruntime.task.TaskSpecs;
import java.util.Map;

/** The agents this runtime can drive, by the name used in task specs. */
public final class Agents {
    private final Map<String, Agent> byName;

    public Agents(Map<String, Agent> byName) {
        this.byName = Map.copyOf(byName);
    }

    public static Agents standard() {
        Agents a = new Agents(Map.of("builtin", new BuiltinAgent(), "opencode", new OpenCodeAgent(),
                "codex", new CodexAgent(), "claude-code", new ClaudeCodeAgent()));
        if (!a.byName.keySet().containsAll(TaskSpecs.AGENTS)) throw new IllegalStateException("an agent named in TaskSpecs has no implementation");
        return a;
    }

    public Agent get(String name) {
        Agent a = byName.get(name);
        if (a == null) throw new IllegalArgumentException("no agent named " + name);
        return a;
    }
}
