package dev.agentruntime.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentruntime.checkpoint.Checkpoint;
import dev.agentruntime.checkpoint.Checkpoints;
import dev.agentruntime.events.Event;
import dev.agentruntime.events.EventFormatter;
import dev.agentruntime.git.Git;
import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.common.Masker;
import dev.agentruntime.common.AtomicFiles;
import dev.agentruntime.common.Text;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * report.html: one static page per run (no scripts, no external resources), viewable offline —
 * header, a timeline of the run drawn as SVG ({@link Timeline}), the turns with tool calls and results (collapsible),
 * the files each checkpoint interval changed with their diffs, the branch's diff against its base (diff.patch, cut for
 * the page), network events, approvals and denials, checkpoints, verification, and the handoff if any.
 *
 * <p>Styles come twice: from {@value #CSS_FILE} beside the page ({@code <link>}), which Jenkins' artifact
 * Content-Security-Policy ({@code style-src 'self'}) allows, and inline, so the page alone (downloaded, mailed) is
 * still styled; where the policy blocks the inline copy the linked one applies the same rules. No element carries a
 * {@code style} attribute (the policy blocks those too): the SVG uses presentation attributes.
 *
 * <p>Every text is masked before it is cut or HTML-escaped ({@link #text}): an escaped secret ({@code &amp;} for
 * {@code &}) is no longer the secret a masker looks for, yet the browser shows it as the secret.
 */
public final class HtmlReport {
    public static final String FILE = "report.html";
    public static final String CSS_FILE = "report.css";
    private static final int MAX_DIFF = 20_000;
    /** The branch's diff on the page; diff.patch has more. */
    static final int MAX_BRANCH_DIFF = 100_000;
    private static final String CSS = css();
    private final Masker masker;

    private HtmlReport(Masker masker) {
        this.masker = masker;
    }

    public static void write(RunDirectory dir, Report r, List<Event> events, Masker masker) {
        AtomicFiles.write(dir.root().resolve(CSS_FILE), CSS);
        AtomicFiles.write(dir.root().resolve(FILE), new HtmlReport(masker).render(dir, r, events));
    }

    private String render(RunDirectory dir, Report r, List<Event> events) {
        StringBuilder h = new StringBuilder("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        h.append("<title>").append(text("Run " + r.runId() + " — " + r.outcome())).append("</title><link rel=\"stylesheet\" href=\"").append(CSS_FILE)
                .append("\"><style>").append(CSS).append("</style></head><body>\n");
        header(h, r);
        runTimeline(h, events);
        timeline(h, events, turnDiffs(dir));
        branchDiff(h, dir, r);
        network(h, events);
        decisions(h, r);
        checkpoints(h, dir);
        verification(h, r);
        handoff(h, dir);
        return h.append("</body></html>\n").toString();
    }

    private void header(StringBuilder h, Report r) {
        h.append("<header id=\"summary\"><h1>").append(text(r.taskId())).append(" <span class=\"outcome ").append(r.outcome().name().toLowerCase(Locale.ROOT))
                .append("\" id=\"outcome\">").append(r.outcome()).append("</span></h1>");
        if (r.reason() != null) h.append("<p class=\"reason\">").append(text(r.reason())).append("</p>");
        h.append("<table class=\"facts\">");
        fact(h, "Run", r.runId());
        fact(h, "Repository", r.repo());
        fact(h, "Branch", r.branch() + (r.pushed() ? " (pushed)" : " (not pushed)"));
        fact(h, "Agent", r.agent());
        if (r.durations() != null) fact(h, "Duration", String.format(Locale.ROOT, "%.1f s", r.durations().total() / 1000.0));
        if (r.usage() != null) {
            fact(h, "Turns / tool calls", r.usage().turns() + " / " + r.usage().toolCalls());
            fact(h, "Tokens", r.usage().totalTokens() + " (input " + r.usage().inputTokens() + ", output " + r.usage().outputTokens() + ")");
            if (r.usage().costUsd() != null) fact(h, "Cost", String.format(Locale.ROOT, "$%.4f", r.usage().costUsd()));
        }
        h.append("</table>");
        if (r.summary() != null) h.append("<p class=\"summary\">").append(text(r.summary())).append("</p>");
        h.append("</header>\n");
    }

    private void runTimeline(StringBuilder h, List<Event> events) {
        h.append("<section id=\"run-timeline\" class=\"timeline\"><h2>Timeline</h2>").append(Timeline.of(events).svg(masker))
                .append("<p class=\"legend\"><span class=\"provisioning\"></span>provisioning<span class=\"model\"></span>model")
                .append("<span class=\"tool\"></span>tool call<span class=\"tool-error\"></span>failed / denied")
                .append("<span class=\"approval\"></span>waiting for approval<span class=\"checkpoint\"></span>checkpoint")
                .append("<span class=\"verify\"></span>verification — hover a bar for its details</p></section>\n");
    }

    /** diff.patch, cut to {@link #MAX_BRANCH_DIFF} characters at a line end, with a line-by-line class for colour. */
    private void branchDiff(StringBuilder h, RunDirectory dir, Report r) {
        h.append("<section id=\"diff\"><h2>Changes against ").append(text(r.baseBranch() == null ? "the base" : r.baseBranch())).append("</h2>");
        Report.Patch p = r.diff();
        String patch = null;
        try {
            if (p != null) patch = Files.readString(dir.root().resolve(p.file()));
        } catch (java.io.IOException e) {
            // Shown as missing below.
        }
        if (patch == null) {
            h.append("<p>no diff: the run has no branch to compare</p></section>\n");
            return;
        }
        if (r.diffStat() != null) {
            var st = r.diffStat();
            h.append("<p>").append(st.files()).append(st.files() == 1 ? " file, +" : " files, +").append(st.insertions()).append(" −")
                    .append(st.deletions()).append(". ").append(text(ReportWriter.patchNote(p).replace("`", ""))).append("</p>");
        }
        String shown = masker.mask(patch);
        boolean cut = shown.length() > MAX_BRANCH_DIFF;
        if (cut) shown = shown.substring(0, Math.max(shown.lastIndexOf('\n', MAX_BRANCH_DIFF), 0) + 1);
        if (cut || p.truncated()) {
            h.append("<p class=\"truncated\">Truncated: the page shows the first ").append(shown.length()).append(" characters")
                    .append(p.truncated() ? "; diff.patch itself was cut at " + p.bytes() + " of " + p.totalBytes() + " bytes" : " of diff.patch")
                    .append(".</p>");
        }
        if (shown.isEmpty()) h.append("<p>no change against the base</p>");
        else {
            h.append("<pre class=\"diff\">");
            for (String line : shown.split("\n")) {
                String cls = line.startsWith("+++") || line.startsWith("---") || line.startsWith("diff ") ? "file"
                        : line.startsWith("+") ? "add" : line.startsWith("-") ? "del" : line.startsWith("@@") ? "hunk" : null;
                h.append(cls == null ? "" : "<span class=\"" + cls + "\">").append(esc(line)).append(cls == null ? "" : "</span>").append('\n');
            }
            h.append("</pre>");
        }
        h.append("</section>\n");
    }

    private void timeline(StringBuilder h, List<Event> events, Map<Integer, String> diffs) {
        h.append("<section id=\"timeline\"><h2>Turns</h2>");
        Turn turn = null;
        for (Event e : events) {
            if (e.type().equals("turn.started")) {
                if (turn != null) turn.appendTo(h);
                turn = new Turn(e.turn(), diffs.get(e.turn()));
            } else if (turn != null) {
                turn.add(e);
            }
        }
        if (turn != null) turn.appendTo(h);
        h.append("</section>\n");
    }

    /** One turn of the timeline: its summary line names the tools it called; turns that changed files start open. */
    private final class Turn {
        final int number;
        final String diff;
        final StringBuilder body = new StringBuilder();
        final List<String> tools = new ArrayList<>();
        int errors;

        Turn(int number, String diff) {
            this.number = number;
            this.diff = diff;
        }

        void add(Event e) {
            JsonNode d = e.data();
            switch (e.type()) {
                case "assistant.message" -> body.append("<p class=\"said\">").append(text(d.path("text").asText())).append("</p>");
                case "tool.call" -> {
                    tools.add(d.path("name").asText());
                    body.append("<div class=\"call\"><b>").append(text(d.path("name").asText())).append("</b> <code>")
                            .append(text(Text.abbreviate(masker.mask(d.path("arguments").toString()), 600))).append("</code></div>");
                }
                case "tool.result" -> {
                    if (!d.path("status").asText().equals("ok")) errors++;
                    body.append("<details class=\"result ").append(text(d.path("status").asText())).append("\"><summary>")
                            .append(text(d.path("status").asText())).append(d.has("exitCode") ? " (exit " + d.path("exitCode").asInt() + ")" : "")
                            .append("</summary><pre>").append(text(d.path("outputTail").asText())).append("</pre></details>");
                }
                case "policy.denied", "approval.decided", "approval.requested", "recovery.started", "recovery.finished", "checkpoint.created" ->
                        body.append("<div class=\"note\">").append(text(Text.abbreviate(masker.mask(EventFormatter.describe(e).strip()), 300)))
                                .append(" <i>").append(text(e.actor())).append("</i></div>");
                default -> { }
            }
        }

        void appendTo(StringBuilder h) {
            h.append("<details class=\"turn\" id=\"turn-").append(number).append("\"").append(diff != null ? " open" : "").append("><summary>Turn ")
                    .append(number).append(" — ").append(text(tools.isEmpty() ? "no tool calls" : String.join(", ", tools)))
                    .append(errors > 0 ? " <span class=\"err\">(" + errors + " failed)</span>" : "").append("</summary><div>").append(body);
            if (diff != null) {
                h.append("<details class=\"diff\"><summary>Files changed from here to the next checkpoint</summary><pre>")
                        .append(text(diff)).append("</pre></details>");
            }
            h.append("</div></details>");
        }
    }

    /** The diff of each checkpoint interval, keyed by the turn it starts at. */
    private Map<Integer, String> turnDiffs(RunDirectory dir) {
        Map<Integer, String> out = new LinkedHashMap<>();
        List<Checkpoint> all = Checkpoints.list(dir);
        if (all.size() < 2 || !Files.isDirectory(dir.workspace().resolve(".git"))) return out;
        Git git = new Git(dir.workspace());
        for (int i = 0; i + 1 < all.size(); i++) {
            var r = git.run("diff", "--stat", "--patch", all.get(i).workspaceTree(), all.get(i + 1).workspaceTree());
            if (r.ok() && !r.stdout().isBlank()) out.put(all.get(i).beforeTurn(), Text.abbreviate(masker.mask(r.stdout()), MAX_DIFF));
        }
        return out;
    }

    private void network(StringBuilder h, List<Event> events) {
        h.append("<section id=\"network\"><h2>Network</h2><table><tr><th>phase</th><th>turn</th><th>host</th><th>port</th><th>allowed</th><th>bytes</th></tr>");
        boolean any = false;
        for (Event e : events) {
            if (!e.type().equals("egress.request")) continue;
            JsonNode d = e.data();
            any = true;
            h.append("<tr class=\"").append(d.path("allowed").asBoolean() ? "allowed" : "denied").append("\"><td>").append(text(d.path("phase").asText()))
                    .append("</td><td>").append(e.turn() == null ? "" : e.turn()).append("</td><td>").append(text(d.path("host").asText()))
                    .append("</td><td>").append(d.path("port").asInt()).append("</td><td>").append(d.path("allowed").asBoolean() ? "yes" : "DENIED")
                    .append("</td><td>").append(d.path("bytesUp").asLong() + d.path("bytesDown").asLong()).append("</td></tr>");
        }
        h.append("</table>").append(any ? "" : "<p>no outbound connection was attempted</p>").append("</section>\n");
    }

    private void decisions(StringBuilder h, Report r) {
        h.append("<section id=\"decisions\"><h2>Approvals and denials</h2>");
        if (r.decisions() == null || r.decisions().isEmpty()) h.append("<p>none</p>");
        else {
            h.append("<table><tr><th>turn</th><th>action</th><th>subject</th><th>decision</th><th>by</th><th>why</th></tr>");
            for (var d : r.decisions()) {
                h.append("<tr><td>").append(d.turn() == null ? "" : d.turn()).append("</td><td>").append(text(d.action())).append("</td><td>")
                        .append(text(d.subject())).append("</td><td>").append(text(d.decision())).append("</td><td>").append(text(d.by()))
                        .append("</td><td>").append(text(d.reason())).append("</td></tr>");
            }
            h.append("</table>");
        }
        h.append("</section>\n");
    }

    private void checkpoints(StringBuilder h, RunDirectory dir) {
        h.append("<section id=\"checkpoints\"><h2>Checkpoints</h2><ul>");
        for (Checkpoint c : Checkpoints.list(dir)) {
            h.append("<li>#").append(c.seq()).append(" before turn ").append(c.beforeTurn()).append(" — <code>").append(text(c.ref()))
                    .append("</code>, ").append(text(c.bundle())).append(", ").append(c.millis()).append(" ms</li>");
        }
        h.append("</ul></section>\n");
    }

    private void verification(StringBuilder h, Report r) {
        h.append("<section id=\"verification\"><h2>Verification</h2>");
        var v = r.verification();
        if (v == null) h.append("<p>not run</p>");
        else {
            h.append("<p class=\"").append(v.passed() ? "passed\">passed" : "failed\">FAILED").append("</p>");
            for (var c : v.commands()) {
                h.append("<details><summary><code>").append(text(c.command())).append("</code> → ")
                        .append(c.timedOut() ? "timed out" : "exit " + c.exitCode()).append("</summary><pre>").append(text(c.outputTail())).append("</pre></details>");
            }
            if (v.junit() != null) {
                h.append("<p>Tests: ").append(v.junit().tests()).append(" run, ").append(v.junit().failed()).append(" failed</p><ul>");
                for (var f : v.junit().failures()) {
                    String test = f.suite() + "." + f.name();
                    String label = v.labels() == null ? null : v.labels().stream().filter(l -> l.test().equals(test)).map(l -> l.label()).findFirst().orElse(null);
                    h.append("<li>").append(label != null ? "<b class=\"label\">" + text(label) + "</b> " : "").append(text(test)).append(": ")
                            .append(text(f.message())).append("</li>");
                }
                h.append("</ul>");
            }
        }
        h.append("</section>\n");
    }

    private void handoff(StringBuilder h, RunDirectory dir) {
        Path f = dir.root().resolve("handoff.md");
        if (!Files.exists(f)) return;
        try {
            h.append("<section id=\"handoff\"><h2>Handoff</h2><pre>").append(text(Files.readString(f))).append("</pre></section>\n");
        } catch (java.io.IOException ignored) {
            // The report is written even without it.
        }
    }

    private void fact(StringBuilder h, String k, String v) {
        h.append("<tr><th>").append(text(k)).append("</th><td>").append(text(v)).append("</td></tr>");
    }

    /** Text as HTML character data or attribute value: masked, then escaped. */
    private String text(String s) {
        return esc(masker.mask(s));
    }

    /** HTML escaping alone. */
    static String esc(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static String css() {
        try (var in = HtmlReport.class.getResourceAsStream(CSS_FILE)) {
            return new String(java.util.Objects.requireNonNull(in, CSS_FILE).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
