package dev.agentruntime.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentruntime.agent.ActionGate;
import dev.agentruntime.agent.ToolKind;
import dev.agentruntime.approval.ApprovalDecision;
import dev.agentruntime.approval.ApprovalRequest;
import dev.agentruntime.approval.Approvals;
import dev.agentruntime.events.EventLog;
import dev.agentruntime.policy.Action;
import dev.agentruntime.policy.Actions;
import dev.agentruntime.policy.PolicyEngine;
import dev.agentruntime.rundir.Status;
import dev.agentruntime.common.Json;
import dev.agentruntime.common.Text;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Policy before each tool call: deny → the agent is told and the run goes on; ask → an approval request in the run
 * directory, status AWAITING_APPROVAL until a human decides (or the timeout denies). Every non-allow decision is an
 * event naming who decided, when and why.
 */
final class PolicyGate implements ActionGate {
    private final PolicyEngine engine;
    private final Approvals approvals;
    private final EventLog log;
    private final String runId;
    private final Duration timeout;
    private final Consumer<Status> setStatus;
    private final BooleanSupplier cancelled;
    private final Supplier<String> diff;
    private final AtomicInteger ids = new AtomicInteger();
    /** "kind subject" of actions a human approved: asked once per run, not again at commit time. */
    private final java.util.Set<String> approved = java.util.concurrent.ConcurrentHashMap.newKeySet();

    PolicyGate(PolicyEngine engine, Approvals approvals, EventLog log, String runId, Duration timeout, Consumer<Status> setStatus,
               BooleanSupplier cancelled, Supplier<String> diff) {
        this.engine = engine;
        this.approvals = approvals;
        this.log = log;
        this.runId = runId;
        this.timeout = timeout;
        this.setStatus = setStatus;
        this.cancelled = cancelled;
        this.diff = diff;
        this.ids.set(approvals.all().size()); // a resumed run continues the numbering
    }

    @Override
    public Verdict check(String tool, ToolKind kind, JsonNode arguments) {
        for (Action a : Actions.ofToolCall(tool, kind.name(), arguments, log.turn())) {
            PolicyEngine.Decision d = engine.decide(a);
            if (d.allowed()) continue;
            if (d.decision().equals("deny")) {
                log.append("policy.denied", "runtime", Json.object().put("action", a.kind()).put("subject", a.subject())
                        .put("rule", d.rule()).put("reason", d.reason()));
                return new Verdict(false, "policy denies " + a.kind() + " " + a.subject() + " (" + d.reason() + ")");
            }
            if (approved.contains(a.kind() + " " + a.subject())) continue;
            ApprovalDecision decision = ask(tool, arguments, a, d);
            if (decision.allowed()) approved.add(a.kind() + " " + a.subject());
            if (!decision.allowed()) {
                return new Verdict(false, a.kind() + " " + a.subject() + " was not approved by " + decision.by()
                        + (decision.reason() != null ? ": " + decision.reason() : ""));
            }
        }
        return new Verdict(true, null);
    }

    /**
     * The write rules over the files a commit would change, whoever changed them (a shell command, a CLI agent):
     * null when the commit may go ahead, else why not. "ask" paths not approved before are asked now.
     */
    String checkCommit(java.util.List<String> changedPaths) {
        for (String path : changedPaths) {
            Action a = new Action("write", path, "commit", null);
            PolicyEngine.Decision d = engine.decide(a);
            if (d.allowed() || approved.contains("write " + path)) continue;
            if (d.decision().equals("deny")) {
                log.append("policy.denied", "runtime", Json.object().put("action", "write").put("subject", path).put("rule", d.rule())
                        .put("reason", d.reason()).put("at", "commit"));
                return "policy denies changing " + path + " (" + d.reason() + ")";
            }
            ApprovalDecision decision = ask("commit", Json.object().put("path", path), a, d);
            if (!decision.allowed()) return "changing " + path + " was not approved by " + decision.by();
            approved.add("write " + path);
        }
        return null;
    }

    private ApprovalDecision ask(String tool, JsonNode arguments, Action a, PolicyEngine.Decision d) {
        Optional<ApprovalRequest> earlier = approvals.all().stream().filter(r -> java.util.Objects.equals(r.turn(), a.turn())
                && r.action().equals(a.kind()) && r.subject().equals(a.subject())).reduce((x, y) -> y);
        if (earlier.isPresent()) return askedBefore(earlier.get(), a);
        String id = String.format("ap-%04d", ids.incrementAndGet());
        Instant deadline = Instant.now().plus(timeout);
        approvals.request(new ApprovalRequest(id, Instant.now(), runId, a.turn(), a.kind(), a.subject(), tool, arguments, d.rule(),
                d.reason(), Text.abbreviate(log.masker().mask(diffOrEmpty()), 20_000), deadline), log.masker()); // mask, then cut
        log.append("approval.requested", "runtime", Json.object().put("id", id).put("action", a.kind()).put("subject", a.subject())
                .put("rule", d.rule()).put("reason", d.reason()).put("timeoutAt", deadline.toString()));
        return await(id, deadline, a);
    }

    /**
     * The same action of the same turn was asked about before the run was interrupted (it is being redone from a
     * checkpoint): the request still stands, and a decision made meanwhile — even while no runtime was running —
     * is the answer. Never a second request for one action.
     */
    private ApprovalDecision askedBefore(ApprovalRequest r, Action a) {
        Optional<ApprovalDecision> decided = approvals.decision(r.id());
        boolean logged = dev.agentruntime.events.EventReader.readAll(log.file()).stream()
                .anyMatch(e -> e.type().equals("approval.decided") && r.id().equals(e.text("id")));
        if (decided.isPresent() && logged) {
            log.append("approval.reused", "runtime", Json.object().put("id", r.id()).put("decision", decided.get().decision())
                    .put("by", decided.get().by()));
            return decided.get();
        }
        log.append("approval.pending", "runtime", Json.object().put("id", r.id()).put("action", a.kind()).put("subject", a.subject())
                .put("reason", "asked before the run was interrupted"));
        return await(r.id(), r.timeoutAt(), a);
    }

    private ApprovalDecision await(String id, Instant deadline, Action a) {
        setStatus.accept(Status.AWAITING_APPROVAL);
        ApprovalDecision decision;
        while (true) {
            Optional<ApprovalDecision> got = approvals.decision(id);
            if (got.isPresent()) {
                decision = got.get();
                break;
            }
            if (Instant.now().isAfter(deadline)) {
                decision = decideUnlessDecided(id, "timeout", "no decision within " + timeout);
                break;
            }
            if (cancelled.getAsBoolean()) {
                decision = decideUnlessDecided(id, "cancel", "the run was cancelled");
                break;
            }
            if (Thread.interrupted()) { // the agent was stopped (budget, stall): nobody will act on a decision now
                decision = decideUnlessDecided(id, "runtime", "the agent was stopped before anyone decided");
                break;
            }
            Text.sleep(200);
        }
        var data = Json.object().put("id", id).put("decision", decision.decision()).put("action", a.kind()).put("subject", a.subject());
        if (decision.reason() != null) data.put("reason", decision.reason());
        log.append("approval.decided", "user", log.turn(), data, decision.by());
        if (!cancelled.getAsBoolean()) setStatus.accept(Status.RUNNING);
        return decision;
    }

    /** Denies on behalf of {@code by}, unless a human's decision landed first (then that one stands). */
    private ApprovalDecision decideUnlessDecided(String id, String by, String reason) {
        try {
            return approvals.decide(id, false, by, reason);
        } catch (dev.agentruntime.common.BadInputException alreadyDecided) {
            return approvals.decision(id).orElseThrow(() -> alreadyDecided);
        }
    }

    private String diffOrEmpty() {
        try {
            return diff.get();
        } catch (RuntimeException e) {
            return "";
        }
    }

}
