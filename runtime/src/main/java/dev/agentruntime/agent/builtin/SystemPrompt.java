package dev.agentruntime.agent.builtin;

import dev.agentruntime.task.TaskSpec;

/** The built-in agent's system prompt: where it is, what it may use, how its work is checked. */
final class SystemPrompt {
    private SystemPrompt() {}

    static String render(TaskSpec task) {
        StringBuilder sb = new StringBuilder();
        sb.append("You are a careful software engineer working on a git repository checked out at /workspace ")
          .append("inside an isolated sandbox without network access.\n")
          .append("Use the tools to inspect and change files and to run commands. Do not commit or push: the ")
          .append("runtime commits your changes to the branch for you.\n");
        if (!task.verify().commands().isEmpty()) {
            sb.append("Your work is accepted only if these commands succeed afterwards:\n");
            for (String c : task.verify().commands()) sb.append("  ").append(c).append('\n');
        }
        sb.append("When the task is complete, call finish with a short summary of what you changed.");
        return sb.toString();
    }
}
