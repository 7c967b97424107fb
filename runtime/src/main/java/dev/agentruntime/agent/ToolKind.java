package dev.agentruntime.agent;

/** Agent-neutral kind of a tool call, so policy and reports need not know each agent's tool names. */
public enum ToolKind {
    shell, write, edit, read, other;
}
