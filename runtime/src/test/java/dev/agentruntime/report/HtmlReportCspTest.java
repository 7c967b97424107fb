package dev.agentruntime.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruntime.common.Masker;
import dev.agentruntime.events.Event;
import dev.agentruntime.events.EventReader;
import dev.agentruntime.git.Workspace;
import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.rundir.Status;
import dev.agentruntime.util.Proc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.html under Jenkins' artifact Content-Security-Policy ({@code sandbox allow-same-origin; default-src 'none';
 * img-src 'self'; style-src 'self'}): nothing the policy blocks is needed — no script, no style attribute, no external
 * resource; the styles are in report.css beside it (same origin), the inline copy only repeats them — and the
 * branch's diff on the page, masked, escaped and cut with a note. Built from a real run's event log and a real git
 * repository.
 */
class HtmlReportCspTest {
    @TempDir
    Path tmp;

    @Test
    void everyStyleIsInReportCssAndNothingElseNeedsWhatThePolicyBlocks() throws Exception {
        RunDirectory dir = RunDirectory.create(tmp, "run-1");
        HtmlReport.write(dir, report(null, null), realEvents(), Masker.none());

        String page = Files.readString(dir.root().resolve(HtmlReport.FILE));
        String css = Files.readString(dir.root().resolve(HtmlReport.CSS_FILE));
        assertThat(css).contains(".timeline svg{").contains("pre.diff .add{");
        assertThat(page).contains("<link rel=\"stylesheet\" href=\"report.css\">").contains("<section id=\"run-timeline\" class=\"timeline\"><h2>Timeline</h2><svg ");
        Matcher inline = Pattern.compile("<style>(.*?)</style>", Pattern.DOTALL).matcher(page);
        assertThat(inline.find()).isTrue();
        assertThat(inline.group(1)).isEqualTo(css);
        assertThat(inline.find()).as("one inline copy only").isFalse();
        assertThat(page).doesNotContainPattern("(?i)<script").doesNotContainPattern("(?i)\\sstyle\\s*=")
                .doesNotContainPattern("(?i)\\son[a-z]+\\s*=").doesNotContainPattern("(?i)(src|href)\\s*=\\s*\"(https?:|//|data:|javascript:)");
    }

    @Test
    void theBranchsDiffIsOnThePageMaskedEscapedAndCut() throws Exception {
        RunDirectory dir = RunDirectory.create(tmp, "run-1");
        Path ws = dir.workspace();
        git(ws.getParent(), "init", "-q", "-b", "main", ws.toString());
        Files.writeString(ws.resolve("page.html"), "<p>old</p>\n");
        git(ws, "add", "-A");
        git(ws, "commit", "-q", "-m", "base");
        String base = git(ws, "rev-parse", "HEAD").strip();
        String secret = "tok-" + System.nanoTime();
        Files.writeString(ws.resolve("page.html"), "<p>new & " + secret + "</p>\n");
        StringBuilder big = new StringBuilder();
        for (int i = 0; big.length() < HtmlReport.MAX_BRANCH_DIFF * 2; i++) big.append("generated line ").append(i).append('\n');
        Files.writeString(ws.resolve("zz-generated.txt"), big.toString());
        git(ws, "add", "-A");
        git(ws, "commit", "-q", "-m", "change");
        Masker masker = new Masker(List.of(secret));

        Report.Patch patch = BranchDiff.write(dir, base, masker);
        Report r = report(Workspace.open(ws).diffStat(base), patch);
        HtmlReport.write(dir, r, realEvents(), masker);

        String page = Files.readString(dir.root().resolve(HtmlReport.FILE));
        assertThat(page).contains("<section id=\"diff\"><h2>Changes against main</h2><p>2 files, +")
                .contains("<span class=\"del\">-&lt;p&gt;old&lt;/p&gt;</span>\n<span class=\"add\">+&lt;p&gt;new &amp; ****&lt;/p&gt;</span>")
                .contains("<p class=\"truncated\">Truncated: the page shows the first ").contains(" characters of diff.patch.</p>")
                .doesNotContain(secret).doesNotContain("generated line 20000\n");
        long shownLines = page.lines().filter(l -> l.startsWith("<span class=\"add\">+generated line ")).count();
        assertThat(shownLines).isPositive().isLessThan(big.toString().lines().count()).isLessThan(HtmlReport.MAX_BRANCH_DIFF / 18);
        assertThat(ReportWriter.markdown(r)).contains("The diff is in `diff.patch` (" + patch.bytes() + " bytes).");
    }

    private static Report report(Workspace.DiffStat stat, Report.Patch patch) {
        return new Report(1, "run-1", "fix-calc", Status.SUCCEEDED, null, true, "repo", "main", "agent/fix-calc", null, true, "builtin",
                "done", List.of(), stat, patch, null, null, null, null, List.of(), Instant.now(), Instant.now());
    }

    private static List<Event> realEvents() throws Exception {
        return new ArrayList<>(EventReader.readAll(Path.of(Objects.requireNonNull(
                HtmlReportCspTest.class.getClassLoader().getResource("report/events-approval-run.jsonl")).toURI())));
    }

    private static String git(Path in, String... args) {
        List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.name=T", "-c", "user.email=t@localhost"));
        cmd.addAll(List.of(args));
        Proc.Result r = Proc.of(cmd).dir(in).run();
        assertThat(r.ok()).as(r.diagnostic()).isTrue();
        return r.stdout();
    }
}
