package dev.agentruntime.jenkins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentruntime.common.Json;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything agentTask persists about its run, and nothing that cannot be persisted (no FilePath, no listener, no
 * secret value): the node and paths as strings, the cookie, the tail position, which approval requests were handed to
 * an input, and the step's own settings that masking and the build page need again (credentials id, secret bindings,
 * submitter, label). Serialised with the Pipeline program; after a controller restart the execution continues from
 * it. Between the steps agentTask's Groovy runs (the run, then an input per approval, then the run again) it travels
 * as an opaque {@link #handle()}.
 */
public final class TaskRunState implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String node;
    private final String runDir;
    private final String runId;
    private final String cookie;
    private EventTail tail = EventTail.start();
    private final Set<String> announcedApprovals = new LinkedHashSet<>();
    private String status;
    private volatile boolean cancelRequested;
    private String label;
    private String submitter;
    private String apiKeyCredentialsId;
    private String secrets;
    private String gitCredentialsId;

    public TaskRunState(String node, String runDir, String runId, String cookie) {
        this.node = node;
        this.runDir = runDir;
        this.runId = runId;
        this.cookie = cookie;
    }

    /** The step's settings that outlive its first call. */
    TaskRunState withStep(String label, String submitter, String apiKeyCredentialsId, String secrets) {
        this.label = label;
        this.submitter = submitter;
        this.apiKeyCredentialsId = apiKeyCredentialsId;
        this.secrets = secrets;
        return this;
    }

    /** agentTask's credentialsId (git), for masking after a restart or between the steps of agentTask's Groovy. */
    TaskRunState withGitCredentials(String id) {
        this.gitCredentialsId = id;
        return this;
    }

    String gitCredentialsId() { return gitCredentialsId; }

    public String node() { return node; }

    public String runDir() { return runDir; }

    public String runId() { return runId; }

    public String cookie() { return cookie; }

    public EventTail tail() { return tail; }

    public String status() { return status; }

    String label() { return label; }

    String submitter() { return submitter; }

    String apiKeyCredentialsId() { return apiKeyCredentialsId; }

    String secrets() { return secrets; }

    public boolean cancelRequested() { return cancelRequested; }

    public void cancelRequested(boolean requested) { this.cancelRequested = requested; }

    /**
     * Takes a poll's results once its lines are in the build log. Returns the approval requests not yet handed to
     * anyone ({@link #announce}), oldest first — also across restarts.
     */
    public List<PendingApproval> advance(RunPoll poll) {
        tail = poll.next();
        status = poll.status();
        return poll.pending().stream().filter(p -> !announcedApprovals.contains(p.getId())).toList();
    }

    /** The request was shown and handed to an input: never again. */
    public void announce(PendingApproval p) {
        announcedApprovals.add(p.getId());
    }

    /** This state as one opaque string (base64 JSON; ids and positions, no secret values). */
    String handle() {
        ObjectNode o = Json.object().put("node", node).put("runDir", runDir).put("runId", runId).put("cookie", cookie)
                .put("offset", tail.offset()).put("seq", tail.lastSeq()).put("status", status).put("label", label)
                .put("submitter", submitter).put("apiKeyCredentialsId", apiKeyCredentialsId).put("secrets", secrets);
        o.put("gitCredentialsId", gitCredentialsId);
        announcedApprovals.forEach(o.putArray("announced")::add);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.write(o).getBytes(StandardCharsets.UTF_8));
    }

    static TaskRunState fromHandle(String handle) {
        try {
            JsonNode o = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(handle));
            TaskRunState s = new TaskRunState(o.path("node").asText(), o.path("runDir").asText(), o.path("runId").asText(),
                    o.path("cookie").asText());
            s.tail = new EventTail(o.path("offset").asLong(), o.path("seq").asLong());
            s.status = text(o, "status");
            s.withStep(text(o, "label"), text(o, "submitter"), text(o, "apiKeyCredentialsId"), text(o, "secrets"));
            s.withGitCredentials(text(o, "gitCredentialsId"));
            o.path("announced").forEach(a -> s.announcedApprovals.add(a.asText()));
            return s;
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("agentTaskRun: resume is not a handle agentTaskRun returned", e);
        }
    }

    private static String text(JsonNode o, String field) {
        return o.hasNonNull(field) ? o.get(field).asText() : null;
    }
}
