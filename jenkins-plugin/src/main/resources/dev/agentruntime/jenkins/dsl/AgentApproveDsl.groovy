package dev.agentruntime.jenkins.dsl

import org.jenkinsci.plugins.workflow.cps.CpsScript
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException

/**
 * agentApprove(run:, node:, message:, submitter:, failOnDeny:): a gate about an agent run, asked in a real input
 * step — so the stage view, Pipeline Graph View, Blue Ocean and /input/ show it and can answer it — and recorded in
 * the run directory (who, when, why). Returns the approver's user id. A deny aborts the build, as an input's abort
 * does; with failOnDeny: false it returns null instead (a migration goes on with the other repositories). Stopping
 * the build always stops it. The first decision wins: one made with agent-runtime approve on the node or on the
 * build page settles the input.
 */
class AgentApproveDsl implements Serializable {
    private static final long serialVersionUID = 1L
    private final CpsScript script

    AgentApproveDsl(CpsScript script) {
        this.script = script
    }

    def call(Map args) {
        Map gateArgs = new LinkedHashMap(args)
        boolean failOnDeny = gateArgs.containsKey('failOnDeny') ? !(gateArgs.remove('failOnDeny') in [false, 'false']) : true
        Map gate = script.agentGate(gateArgs)
        Map inputArgs = [id: gate.inputId, message: gate.message, ok: 'Approve', cancel: 'Deny', submitterParameter: 'approver',
                         parameters: [script.string(name: 'reason', defaultValue: '', description: 'Why (recorded in the run directory)')]]
        if (gate.submitter) {
            inputArgs.submitter = gate.submitter
        }
        FlowInterruptedException interruption = null
        try {
            script.input(inputArgs)
        } catch (FlowInterruptedException e) {
            interruption = e
        }
        Map d = script.agentDecision(run: gate.runDir, node: gate.node, request: gate.request)
        if (interruption != null && d.interrupted) {
            throw interruption // the build is being stopped, whatever was decided
        }
        if (d.allowed) {
            return d.by // also when it was allowed elsewhere first
        }
        if (interruption != null && failOnDeny) {
            throw interruption
        }
        if (failOnDeny) {
            script.error("agentApprove: denied by ${d.by}${d.reason ? ': ' + d.reason : ''}")
        }
        return null
    }
}
