package dev.agentruntime.approval;

import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.util.AtomicFiles;
import dev.agentruntime.util.BadInputException;
import dev.agentruntime.util.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The approvals directory of a run: requests the runtime writes, decisions controllers write (first one wins). */
public final class Approvals {
    private final Path dir;

    public Approvals(RunDirectory run) {
        this.dir = run.approvals();
    }

    /** Writes the request with every secret masked (it quotes arguments and the workspace diff). */
    public void request(ApprovalRequest r, dev.agentruntime.secrets.Masker masker) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicFiles.write(dir.resolve(r.id() + ".request.json"), masker.mask(Json.pretty(r)) + "\n");
    }

    public Optional<ApprovalDecision> decision(String id) {
        Path f = dir.resolve(id + ".decision.json");
        if (!Files.exists(f)) return Optional.empty();
        try {
            return Optional.of(Json.MAPPER.readValue(f.toFile(), ApprovalDecision.class));
        } catch (IOException e) {
            return Optional.empty(); // being written; the next poll reads it
        }
    }

    /** Records a decision; fails when the request does not exist or was already decided. */
    public ApprovalDecision decide(String id, boolean allow, String by, String reason) {
        if (!Files.exists(dir.resolve(id + ".request.json"))) {
            throw new BadInputException("REQUEST", "no approval request \"" + id + "\" in this run; pending: " + pending().stream().map(ApprovalRequest::id).toList());
        }
        ApprovalDecision d = new ApprovalDecision(allow ? "allow" : "deny", by, reason, Instant.now());
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + id + ".decision.", ".tmp");
            Files.writeString(tmp, Json.pretty(d) + "\n");
            Files.createLink(dir.resolve(id + ".decision.json"), tmp); // atomic and exclusive: the first decision wins
        } catch (FileAlreadyExistsException e) {
            ApprovalDecision first = decision(id).orElseThrow();
            throw new BadInputException("REQUEST", id + " was already decided: " + first.decision() + " by " + first.by());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                if (tmp != null) Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
            }
        }
        return d;
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
