package dev.agentruntime.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JUnitReportsTest {
    @TempDir
    Path ws;

    @Test
    void readsSurefireStyleReportsMatchingTheGlobs() throws Exception {
        Files.createDirectories(ws.resolve("target/surefire-reports"));
        Files.writeString(ws.resolve("target/surefire-reports/TEST-a.xml"), """
                <?xml version="1.0"?>
                <testsuite name="a" tests="3">
                  <testcase classname="a.A" name="ok"/>
                  <testcase classname="a.A" name="bad"><failure message="expected 5 but was -1">trace</failure></testcase>
                  <testcase classname="a.A" name="later"><skipped/></testcase>
                </testsuite>""");
        Files.writeString(ws.resolve("TEST-top.xml"), """
                <testsuites><testsuite name="t"><testcase classname="t.T" name="boom"><error message="NPE"/></testcase></testsuite></testsuites>""");
        Files.writeString(ws.resolve("TEST-broken.xml"), "<testsuite");
        Files.writeString(ws.resolve("other.xml"), "<testsuite><testcase name='x'/></testsuite>");
        JUnitSummary s = JUnitReports.collect(ws, List.of("**/TEST-*.xml"), null);
        assertThat(s.files()).containsExactlyInAnyOrder("TEST-top.xml", "target/surefire-reports/TEST-a.xml");
        assertThat(s.tests()).isEqualTo(4);
        assertThat(s.failed()).isEqualTo(2);
        assertThat(s.skipped()).isEqualTo(1);
        assertThat(s.failures()).extracting(JUnitSummary.Failure::message).containsExactlyInAnyOrder("expected 5 but was -1", "NPE");
    }

    @Test
    void ignoresReportsOlderThanTheVerification() throws Exception {
        Path old = ws.resolve("TEST-old.xml");
        Files.writeString(old, "<testsuite><testcase name='x'/></testsuite>");
        Files.setLastModifiedTime(old, FileTime.fromMillis(1000));
        assertThat(JUnitReports.collect(ws, List.of("**/TEST-*.xml"), FileTime.fromMillis(System.currentTimeMillis() - 5000)).tests()).isZero();
    }
}
