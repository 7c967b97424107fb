package dev.agentruntime.jenkins.dsl

import org.jenkinsci.plugins.workflow.cps.CpsScript
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException

/**
 * agentTask(...): runs a task with the agent runtime (agentTaskRun) and asks each approval the run needs in a real
 * input step (Allow / Deny, a reason, the step's submitter), records the answer in the run directory (agentDecision)
 * and continues the run, until it ends. Returns the run's result: status, reason, runId, runDir, branch, commit,
 * pushed, reportPath, node. A deny is the run's business (the agent is told), not the build's; a build stopped while
 * an approval waits cancels the run, then goes on stopping.
 */
class AgentTaskDsl implements Serializable {
    private static final long serialVersionUID = 1L
    private final CpsScript script

    AgentTaskDsl(CpsScript script) {
        this.script = script
    }

    def call(Map args) {
        Map r = script.agentTaskRun(args)
        while (!r.ended) {
            Map request = r.request
            Map inputArgs = [id: request.inputId, message: request.message, ok: 'Allow', cancel: 'Deny', submitterParameter: 'approver',
                             parameters: [script.string(name: 'reason', defaultValue: '', description: 'Why (recorded in the run directory)')]]
            if (request.submitter) {
                inputArgs.submitter = request.submitter
            }
            boolean stopping = false
            FlowInterruptedException interruption = null
            try {
                script.input(inputArgs)
            } catch (FlowInterruptedException e) {
                interruption = e
            }
            Map d = script.agentDecision(run: r.runDir, node: r.node, request: request.id)
            if (interruption != null && d.interrupted) {
                script.agentTaskRun(resume: r.handle, cancel: true)
                throw interruption
            }
            r = script.agentTaskRun(resume: r.handle)
        }
        Map result = new LinkedHashMap(r)
        result.remove('ended')
        return result
    }
}
