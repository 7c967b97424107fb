package dev.agentruntime.batch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentruntime.common.AtomicFiles;
import dev.agentruntime.common.Json;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The batch's one report — report.json, report.md, report.html in the batch directory: a row per repository
 * (repo, outcome, branch/PR, verify, tokens, duration, reason), totals, and the handoff summary of every repository
 * that was handed off or failed. Built from the repository records alone.
 */
public final class BatchReport {
    private BatchReport() {}

    public static ObjectNode write(Batch batch, BatchDir dir) {
        ObjectNode json = build(batch, dir);
        AtomicFiles.write(dir.root().resolve("report.json"), Json.pretty(json) + "\n");
        AtomicFiles.write(dir.root().resolve("report.md"), markdown(json));
        AtomicFiles.write(dir.root().resolve("report.html"), html(json));
        return json;
    }

    public static ObjectNode build(Batch batch, BatchDir dir) {
        ObjectNode json = Json.object().put("protocol", BatchDir.PROTOCOL).put("batchId", batch.id()).put("generatedAt", Instant.now().toString());
        BatchDir.State state = dir.state();
        if (state != null) json.put("status", state.status().name()).put("reason", state.reason());
        if (batch.schedule() != null) json.put("schedule", batch.schedule());
        Map<RepoRecord.Outcome, Integer> counts = new EnumMap<>(RepoRecord.Outcome.class);
        long tokens = 0, millis = 0;
        int prs = 0;
        ObjectNode totals = json.putObject("totals");
        ArrayNode rows = json.putArray("repos");
        ArrayNode handoffs = json.putArray("handoffs");
        for (Batch.Item item : batch.items()) {
            RepoRecord r = dir.record(item);
            counts.merge(r.outcome(), 1, Integer::sum);
            tokens += r.tokens() == null ? 0 : r.tokens();
            millis += r.durationMs() == null ? 0 : r.durationMs();
            if (r.prNumber() != null) prs++;
            rows.add(Json.MAPPER.valueToTree(r));
            if (r.handoff() != null) handoffs.addObject().put("name", r.name()).put("outcome", r.outcome().name()).put("runId", r.runId()).put("summary", r.handoff());
        }
        totals.put("repos", batch.items().size());
        for (RepoRecord.Outcome o : RepoRecord.Outcome.values()) totals.put(camel(o), counts.getOrDefault(o, 0));
        totals.put("pullRequests", prs).put("tokens", tokens).put("durationMs", millis);
        return json;
    }

    public static String markdown(ObjectNode j) {
        StringBuilder b = new StringBuilder("# Batch ").append(j.path("batchId").asText()).append(": ").append(j.path("status").asText("RUNNING"));
        if (j.hasNonNull("reason")) b.append(" — ").append(j.path("reason").asText());
        ObjectNode t = (ObjectNode) j.path("totals");
        b.append("\n\n").append(t.path("repos").asInt()).append(" repositories: ").append(t.path("succeeded").asInt()).append(" succeeded, ")
                .append(t.path("failed").asInt()).append(" failed, ").append(t.path("handedOff").asInt()).append(" handed off, ")
                .append(t.path("cancelled").asInt()).append(" cancelled, ").append(t.path("skipped").asInt()).append(" skipped, ")
                .append(t.path("pending").asInt() + t.path("running").asInt()).append(" not finished; ")
                .append(t.path("pullRequests").asInt()).append(" pull requests; ").append(t.path("tokens").asLong()).append(" tokens; ")
                .append(seconds(t.path("durationMs").asLong())).append(" of run time.\n\n");
        b.append("| repo | outcome | branch / PR | verify | tokens | duration | reason |\n|---|---|---|---|---|---|---|\n");
        j.path("repos").forEach(r -> b.append("| ").append(cell(r.path("name").asText())).append(" | ").append(r.path("outcome").asText())
                .append(" | ").append(cell(branchAndPr(r.path("branch").asText(null), r.path("prUrl").asText(null), r.path("prNumber").asText(null))))
                .append(" | ").append(r.path("verify").asText("")).append(" | ").append(r.path("tokens").asText(""))
                .append(" | ").append(r.has("durationMs") ? seconds(r.path("durationMs").asLong()) : "")
                .append(" | ").append(cell(reasonOf(r))).append(" |\n"));
        if (!j.path("handoffs").isEmpty()) {
            b.append("\n## Handed off and failed\n\n");
            j.path("handoffs").forEach(h -> b.append("- **").append(h.path("name").asText()).append("** (").append(h.path("outcome").asText())
                    .append(", run ").append(h.path("runId").asText()).append("): ").append(h.path("summary").asText().replace("\n", " ")).append('\n'));
        }
        return b.toString();
    }

    static String html(ObjectNode j) {
        StringBuilder h = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(esc("Batch " + j.path("batchId").asText() + " — " + j.path("status").asText("RUNNING")))
                .append("</title><style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}"
                        + ".succeeded{color:#1a7f37}.failed,.cancelled{color:#cf222e}.handed_off{color:#9a6700}.skipped{color:#666}</style></head><body>\n<h1>")
                .append(esc("Batch " + j.path("batchId").asText())).append(" <span class=\"status\">").append(esc(j.path("status").asText("RUNNING"))).append("</span></h1>\n");
        if (j.hasNonNull("reason")) h.append("<p class=\"reason\">").append(esc(j.path("reason").asText())).append("</p>\n");
        h.append("<table id=\"totals\"><tr>");
        j.path("totals").fieldNames().forEachRemaining(f -> h.append("<th>").append(esc(f)).append("</th>"));
        h.append("</tr><tr>");
        j.path("totals").forEach(v -> h.append("<td>").append(esc(v.asText())).append("</td>"));
        h.append("</tr></table>\n<h2>Repositories</h2>\n<table id=\"repos\"><tr><th>repo</th><th>outcome</th><th>branch / PR</th><th>verify</th><th>tokens</th><th>duration</th><th>reason</th></tr>\n");
        j.path("repos").forEach(r -> {
            String outcome = r.path("outcome").asText();
            h.append("<tr><td>").append(esc(r.path("name").asText())).append("</td><td class=\"").append(outcome.toLowerCase(Locale.ROOT)).append("\">")
                    .append(esc(outcome)).append("</td><td>").append(esc(r.path("branch").asText("")));
            if (r.hasNonNull("prUrl")) h.append(" <a href=\"").append(esc(r.path("prUrl").asText())).append("\">#").append(esc(r.path("prNumber").asText())).append("</a>");
            h.append("</td><td>").append(esc(r.path("verify").asText(""))).append("</td><td>").append(esc(r.path("tokens").asText("")))
                    .append("</td><td>").append(r.has("durationMs") ? seconds(r.path("durationMs").asLong()) : "").append("</td><td>")
                    .append(esc(reasonOf(r))).append("</td></tr>\n");
        });
        h.append("</table>\n");
        if (!j.path("handoffs").isEmpty()) {
            h.append("<h2>Handed off and failed</h2>\n<ul id=\"handoffs\">\n");
            j.path("handoffs").forEach(x -> h.append("<li><b>").append(esc(x.path("name").asText())).append("</b> (").append(esc(x.path("outcome").asText()))
                    .append(", run ").append(esc(x.path("runId").asText())).append("): ").append(esc(x.path("summary").asText())).append("</li>\n"));
            h.append("</ul>\n");
        }
        return h.append("</body></html>\n").toString();
    }

    private static String reasonOf(com.fasterxml.jackson.databind.JsonNode r) {
        String reason = r.path("reason").asText("");
        if (r.hasNonNull("publishError")) reason = (reason.isEmpty() ? "" : reason + "; ") + "not published: " + r.path("publishError").asText();
        return reason;
    }

    private static String branchAndPr(String branch, String url, String number) {
        String b = branch == null ? "" : "`" + branch + "`";
        return url == null ? b : b + " [#" + number + "](" + url + ")";
    }

    private static String camel(RepoRecord.Outcome o) {
        String[] parts = o.name().toLowerCase(Locale.ROOT).split("_");
        StringBuilder s = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) s.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
        return s.toString();
    }

    private static String seconds(long millis) {
        return millis < 60_000 ? (millis / 1000) + " s" : (millis / 60_000) + " min " + (millis / 1000 % 60) + " s";
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
