package dev.agentruntime.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruntime.common.Masker;
import dev.agentruntime.rundir.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The masked copies of a repository's JUnit files: a secret the test framework XML-escaped is masked too. */
class JUnitExportMaskingTest {
    @TempDir
    Path tmp;

    @Test
    void anXmlEscapedSecretInARepositoryReportIsMasked() throws Exception {
        String secret = "p&<ss>\"w'rd-" + System.nanoTime();
        String escaped = secret.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
        Path ws = tmp.resolve("ws");
        Files.createDirectories(ws.resolve("build"));
        Files.writeString(ws.resolve("build/TEST-app.xml"), "<testsuite name=\"app\" tests=\"1\" failures=\"1\"><testcase name=\"t\">"
                + "<failure message=\"token " + escaped + " rejected\">" + escaped + "</failure></testcase></testsuite>\n");
        RunDirectory dir = RunDirectory.create(tmp.resolve("runs"), "run-1");
        VerifyResult v = new VerifyResult(false, List.of(new VerifyResult.CommandResult("make test", 1, 10, false, "1 failed")),
                new JUnitSummary(List.of("build/TEST-app.xml"), 1, 1, 0, List.of()));

        JUnitExport.write(dir, v, ws, new Masker(List.of(secret)));

        String copy = Files.readString(dir.root().resolve("junit/repo-build_TEST-app.xml"));
        assertThat(copy).doesNotContain(escaped).contains("<failure message=\"token **** rejected\">****</failure>");
    }
}
