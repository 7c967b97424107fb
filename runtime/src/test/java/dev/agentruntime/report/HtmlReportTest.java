package dev.agentruntime.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruntime.util.Proc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * report.html of a real run (the demo: built-in agent, Docker, git), loaded in headless Chromium from Debian's
 * package: the key elements (the SVG timeline and the branch's diff included) render from the file alone, and a screenshot is saved (target/report-screenshot.png;
 * docs/screenshots/report.png is one such shot).
 */
@Tag("docker")
class HtmlReportTest {
    @Test
    void theReportRendersOfflineInChromium() throws Exception {
        Path demo = Files.createTempDirectory("html-report").resolve("demo");
        assertThat(dev.agentruntime.cli.Main.execute("demo", "--dir", demo.toString())).isZero();
        Path runDir = new dev.agentruntime.rundir.Runs(demo.resolve("runs")).list().get(0).root();
        Path html = runDir.resolve(HtmlReport.FILE);
        assertThat(html).exists();
        String page = Files.readString(html);
        assertThat(page).doesNotContain("<script").doesNotContain("src=\"http"); // self-contained: report.css is repeated inline
        assertThat(page.split("<link", -1)).hasSize(2);
        assertThat(page).contains("<link rel=\"stylesheet\" href=\"report.css\">");
        assertThat(runDir.resolve(HtmlReport.CSS_FILE)).exists();
        assertThat(runDir.resolve(BranchDiff.FILE)).content().contains("-    return a - b\n+    return a + b\n");

        Proc.Result dom = Proc.of("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", html.toUri().toString())
                .timeout(Duration.ofMinutes(2)).run();
        assertThat(dom.ok()).as(dom.diagnostic()).isTrue();
        assertThat(dom.stdout()).contains("id=\"outcome\"").contains(">SUCCEEDED<").contains("id=\"timeline\"")
                .contains("id=\"turn-1\"").contains("Files changed from here to the next checkpoint").contains("calc.py")
                .contains("id=\"verification\"").contains("passed").contains("id=\"checkpoints\"").contains("refs/agent-runtime/")
                .contains("id=\"run-timeline\"").contains("<svg").contains(">Model</text>").contains("id=\"diff\"")
                .contains("<span class=\"add\">+    return a + b</span>");

        Path shot = Path.of("target", "report-screenshot.png").toAbsolutePath();
        Files.deleteIfExists(shot);
        Proc.Result png = Proc.of("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1200,1400",
                "--screenshot=" + shot, html.toUri().toString()).timeout(Duration.ofMinutes(2)).run();
        assertThat(png.ok()).as(png.diagnostic()).isTrue();
        assertThat(Files.size(shot)).isGreaterThan(10_000);
        Proc.of("rm", "-rf", demo.getParent().toString()).run();
    }
}
