package dev.agentruntime.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Finds and reads JUnit XML reports (the Surefire/Ant format most test runners can write). */
public final class JUnitReports {
    private static final int MAX_FAILURES = 50;
    /** Larger files are not read: a report is kilobytes, and the workspace is written by the agent. */
    static final long MAX_REPORT_BYTES = 16L << 20;

    private JUnitReports() {}

    /** Reports under {@code root} matching any glob, modified at or after {@code since}; .git is skipped. */
    public static JUnitSummary collect(Path root, List<String> globs, FileTime since) {
        List<PathMatcher> matchers = globs.stream().map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
        List<Path> found;
        try (Stream<Path> s = Files.walk(root)) {
            // Files.walk does not follow symlinks; regular files only, so a link to a host file is never read.
            found = s.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> !root.relativize(p).startsWith(".git"))
                    .filter(p -> size(p) <= MAX_REPORT_BYTES)
                    .filter(p -> {
                        Path rel = root.relativize(p);
                        // "**/x" should also match "x" at the top level.
                        return matchers.stream().anyMatch(m -> m.matches(rel) || m.matches(Path.of("_").resolve(rel)));
                    })
                    .filter(p -> modifiedSince(p, since))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int tests = 0, failed = 0, skipped = 0;
        List<JUnitSummary.Failure> failures = new ArrayList<>();
        List<String> files = new ArrayList<>();
        for (Path p : found) {
            try {
                Element rootEl = parser().parse(p.toFile()).getDocumentElement();
                files.add(root.relativize(p).toString());
                NodeList cases = rootEl.getElementsByTagName("testcase");
                for (int i = 0; i < cases.getLength(); i++) {
                    Element tc = (Element) cases.item(i);
                    tests++;
                    Element bad = first(tc, "failure");
                    if (bad == null) bad = first(tc, "error");
                    if (bad != null) {
                        failed++;
                        if (failures.size() < MAX_FAILURES) {
                            failures.add(new JUnitSummary.Failure(tc.getAttribute("classname"), tc.getAttribute("name"),
                                    bad.getAttribute("message")));
                        }
                    } else if (first(tc, "skipped") != null) {
                        skipped++;
                    }
                }
            } catch (Exception e) {
                // A report that is not well-formed XML is not a test result; the command's exit code still counts.
            }
        }
        return new JUnitSummary(files, tests, failed, skipped, failures);
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    private static boolean modifiedSince(Path p, FileTime since) {
        try {
            return since == null || Files.getLastModifiedTime(p).compareTo(since) >= 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static Element first(Element parent, String tag) {
        NodeList l = parent.getElementsByTagName(tag);
        return l.getLength() == 0 ? null : (Element) l.item(0);
    }

    private static DocumentBuilder parser() throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setExpandEntityReferences(false);
        return f.newDocumentBuilder();
    }
}
