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
 * package: the key elements render from the file alone, and a screenshot is saved (target/report-screenshot.png;
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
        assertThat(page).doesNotContain("<script").doesNotContain("<link").doesNotContain("src=\"http"); // self-contained

        Proc.Result dom = Proc.of("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", html.toUri().toString())
                .timeout(Duration.ofMinutes(2)).run();
        assertThat(dom.ok()).as(dom.diagnostic()).isTrue();
        assertThat(dom.stdout()).contains("id=\"outcome\"").contains(">SUCCEEDED<").contains("id=\"timeline\"")
                .contains("id=\"turn-1\"").contains("Files changed from here to the next checkpoint").contains("calc.py")
                .contains("id=\"verification\"").contains("passed").contains("id=\"checkpoints\"").contains("refs/agent-runtime/");

        Path shot = Path.of("target", "report-screenshot.png").toAbsolutePath();
        Files.deleteIfExists(shot);
        Proc.Result png = Proc.of("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1200,1400",
                "--screenshot=" + shot, html.toUri().toString()).timeout(Duration.ofMinutes(2)).run();
        assertThat(png.ok()).as(png.diagnostic()).isTrue();
        assertThat(Files.size(shot)).isGreaterThan(10_000);
        Proc.of("rm", "-rf", demo.getParent().toString()).run();
    }
}
