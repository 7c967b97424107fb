package dev.agentruntime.approval;

import dev.agentruntime.events.AuditChain;
import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.common.AtomicFiles;
import dev.agentruntime.common.BadInputException;
import dev.agentruntime.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The approvals directory of a run: requests the runtime writes, gates controllers open, decisions controllers write
 * (first one wins).
 */
public final class Approvals {
    /** The action of a pipeline gate's request. */
    public static final String GATE = "gate";
    private static final int MAX_GATE_ID = 48;

    private final RunDirectory run;
    private final Path dir;

    public Approvals(RunDirectory run) {
        this.run = run;
        this.dir = run.approvals();
    }

    /** Writes the request with every secret masked (it quotes arguments and the workspace diff). */
    public void request(ApprovalRequest r, dev.agentruntime.common.Masker masker) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicFiles.write(dir.resolve(r.id() + ".request.json"), masker.mask(Json.pretty(r)) + "\n");
    }

    /**
     * The request id of the gate called {@code name}: "gate-" and the name as a slug (a-z, 0-9, -). A name too long
     * for {@value #MAX_GATE_ID} characters is cut and gets a hash of the whole name, so long names stay apart.
     */
    public static String gateId(String name) {
        String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        String id = "gate-" + (slug.isEmpty() ? "unnamed" : slug);
        if (id.length() <= MAX_GATE_ID) return id;
        String hash = AuditChain.hash(name).substring(0, 8);
        return id.substring(0, MAX_GATE_ID - 9).replaceAll("-+$", "") + "-" + hash;
    }

    /**
     * Opens a pipeline gate: a request with action {@value #GATE}, the message as subject, reason "pipeline gate", no
     * turn and no timeout, which a controller (Jenkins' agentApprove) waits on until someone decides it like any other
     * request. Idempotent: when the gate exists (a restarted controller opens it again), the existing request is
     * returned untouched. Only the request file is written: the run has usually ended, and events.jsonl's hash chain
     * is anchored in its final state.
     */
    public ApprovalRequest openGate(String name, String message) {
        if (!run.exists()) throw new BadInputException("RUN", run.root() + " is not a run directory (no state.json)");
        if (message == null || message.isBlank()) throw new BadInputException("gate", "message: required");
        String id = gateId(name);
        ApprovalRequest r = new ApprovalRequest(id, Instant.now(), run.runId(), null, GATE, message.strip(), null, null, null,
                "pipeline gate", null, null);
        try {
            Files.createDirectories(dir);
            if (createOnce(id + ".request.json", Json.pretty(r) + "\n")) return r;
            return Json.MAPPER.readValue(dir.resolve(id + ".request.json").toFile(), ApprovalRequest.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A request id names a file in approvals/ and nothing else: letters, digits, {@code . _ -}, no "..". */
    static String checkedId(String id) {
        if (id == null || !id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,199}") || id.contains("..")) {
            throw new BadInputException("REQUEST", "\"" + id + "\" is not an approval request id (letters, digits, . _ -; e.g. ap-0001)");
        }
        return id;
    }

    public Optional<ApprovalDecision> decision(String id) {
        Path f = dir.resolve(checkedId(id) + ".decision.json");
        if (!Files.exists(f)) return Optional.empty();
        try {
            return Optional.of(Json.MAPPER.readValue(f.toFile(), ApprovalDecision.class));
        } catch (IOException e) {
            return Optional.empty(); // being written; the next poll reads it
        }
    }

    /** Records a decision; fails when the request does not exist or was already decided. */
    public ApprovalDecision decide(String id, boolean allow, String by, String reason) {
        if (!Files.exists(dir.resolve(checkedId(id) + ".request.json"))) {
            throw new BadInputException("REQUEST", "no approval request \"" + id + "\" in this run; pending: " + pending().stream().map(ApprovalRequest::id).toList());
        }
        ApprovalDecision d = new ApprovalDecision(allow ? "allow" : "deny", by, reason, Instant.now());
        try {
            if (!createOnce(id + ".decision.json", Json.pretty(d) + "\n")) {
                ApprovalDecision first = decision(id).orElseThrow();
                throw new BadInputException("REQUEST", id + " was already decided: " + first.decision() + " by " + first.by());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return d;
    }

    /** Creates {@code name} complete and only if it does not exist (a hard link of a temp file: atomic and exclusive). */
    private boolean createOnce(String name, String content) throws IOException {
        Path tmp = Files.createTempFile(dir, "." + name + ".", ".tmp");
        try {
            Files.writeString(tmp, content);
            Files.createLink(dir.resolve(name), tmp);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Requests without a decision, oldest first. */
    public List<ApprovalRequest> pending() {
        return all().stream().filter(r -> decision(r.id()).isEmpty()).toList();
    }

    /** Every request of the run, oldest first. */
    public List<ApprovalRequest> all() {
        List<ApprovalRequest> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.filter(p -> p.getFileName().toString().endsWith(".request.json")).sorted().toList()) {
                out.add(Json.MAPPER.readValue(f.toFile(), ApprovalRequest.class));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
