package dev.agentruntime.agent.cli;

import dev.agentruntime.sandbox.ExecResult;
import dev.agentruntime.sandbox.Sandbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Which processes the agent has started and that are still alive (a long test run is work, not a hang). */
final class ChildProcesses {
    private ChildProcesses() {}

    /** Command lines of live, non-zombie descendants of {@code rootPid}, minus the agent's own helper processes. */
    static List<String> liveWork(Sandbox sandbox, int rootPid, Set<String> helperNames) {
        ExecResult r = sandbox.exec("ps -e -o pid=,ppid=,stat=,args=", Duration.ofSeconds(10), 256 * 1024);
        if (!r.ok()) return List.of();
        Map<Integer, List<String[]>> byParent = new HashMap<>();
        for (String line : r.output().split("\n")) {
            String[] f = line.trim().split("\\s+", 4);
            if (f.length < 4) continue;
            try {
                byParent.computeIfAbsent(Integer.parseInt(f[1]), k -> new ArrayList<>()).add(f);
            } catch (NumberFormatException ignored) {
            }
        }
        List<String> live = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        List<Integer> todo = new ArrayList<>(List.of(rootPid));
        while (!todo.isEmpty()) {
            int pid = todo.remove(todo.size() - 1);
            if (!seen.add(pid)) continue;
            for (String[] child : byParent.getOrDefault(pid, List.of())) {
                int cpid = Integer.parseInt(child[0]);
                todo.add(cpid);
                boolean zombie = child[2].startsWith("Z");
                boolean helper = helperNames.stream().anyMatch(h -> child[3].contains(h));
                boolean probe = child[3].startsWith("ps -e");
                if (!zombie && !helper && !probe) live.add(child[3]);
            }
        }
        return live;
    }
}
