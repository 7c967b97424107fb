package dev.agentruntime.jenkins;

import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Run;
import java.io.IOException;
import java.nio.file.Path;
import org.jenkinsci.plugins.workflow.FilePathUtils;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * Where a run directory is, as a step names it: {@code node} (agentTask's {@code result.node}) reaches it from the
 * controller, but only for runs an agentTask of the same build started — a Pipeline cannot point a step at any
 * directory of any node; without {@code node}, {@code run} is resolved in the workspace of the enclosing node block.
 *
 * @param node   the node's name, "" for the built-in node
 * @param runDir the run directory on that node
 */
record RunLocation(String node, String runDir) {
    static RunLocation resolve(StepContext ctx, String run, String nodeName, String step) throws IOException, InterruptedException {
        if (!TaskYaml.isSet(run)) throw new AbortException(step + ": run is required (agentTask's result.runDir)");
        if (TaskYaml.isSet(nodeName)) {
            String node = "built-in".equals(nodeName) ? "" : nodeName;
            String dir = Path.of(run).normalize().toString();
            AgentRunsAction runs = ctx.get(Run.class).getAction(AgentRunsAction.class);
            if (runs == null || runs.find(node, dir) == null) {
                throw new AbortException(Messages.RunLocation_notThisBuildsRun(step, run, nodeName));
            }
            return new RunLocation(node, dir);
        }
        FilePath ws = ctx.get(FilePath.class);
        if (ws == null) throw new AbortException(Messages.RunLocation_noNode(step));
        return new RunLocation(FilePathUtils.getNodeName(ws), ws.child(run).getRemote());
    }

    /** The run directory; fails while the node is offline. */
    FilePath dir() throws AbortException {
        FilePath d = FilePathUtils.find(node, runDir);
        if (d == null) throw new AbortException(Messages.RunLocation_offline(displayNode()));
        return d;
    }

    /** The run id: the run directory's name. */
    String runId() {
        String d = runDir.replace('\\', '/').replaceAll("/+$", "");
        return d.substring(d.lastIndexOf('/') + 1);
    }

    String displayNode() {
        return node.isEmpty() ? "built-in" : node;
    }
}
