package dev.agentruntime.jenkins;

import dev.agentruntime.approval.ApprovalDecision;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/** The decision that stands for a request (the first one written), as the plugin acts on it. Serializable: node → controller. */
record Decided(boolean allowed, String by, String reason) implements Serializable {
    private static final long serialVersionUID = 1L;

    static Decided of(ApprovalDecision d) {
        return new Decided(d.allowed(), d.by(), d.reason());
    }

    String decision() {
        return allowed ? "allow" : "deny";
    }

    /** As a Pipeline script sees it. */
    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("allowed", allowed);
        m.put("decision", decision());
        m.put("by", by);
        if (reason != null) m.put("reason", reason);
        return m;
    }

    String describe() {
        return decision() + " by " + by + (reason != null && !reason.isBlank() ? ": " + reason : "");
    }
}
