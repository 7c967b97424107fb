package dev.agentruntime.verify;

import dev.agentruntime.rundir.RunDirectory;
import dev.agentruntime.common.Masker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Verification as JUnit XML in the run directory ({@code junit/}), for Jenkins' {@code junit} step and any CI that
 * reads the Surefire format: one suite for the verify commands, plus the repository's own reports found after
 * verification, copied with secrets masked.
 */
public final class JUnitExport {
    public static final String DIR = "junit";
    public static final String VERIFY_FILE = "TEST-agent-runtime-verify.xml";

    private JUnitExport() {}

    /** Writes the files; returns them relative to the run directory. */
    public static List<String> write(RunDirectory dir, VerifyResult v, Path workspace, Masker masker) {
        Path out = dir.root().resolve(DIR);
        List<String> written = new ArrayList<>();
        try {
            Files.createDirectories(out);
            Path suite = out.resolve(VERIFY_FILE);
            try (Writer w = Files.newBufferedWriter(suite, StandardCharsets.UTF_8)) {
                writeSuite(w, v);
            }
            written.add(DIR + "/" + VERIFY_FILE);
            for (String rel : v.junit().files()) {
                Path source = workspace.resolve(rel);
                if (!Files.isRegularFile(source, java.nio.file.LinkOption.NOFOLLOW_LINKS)) continue;
                String name = "repo-" + rel.replace('/', '_');
                Files.writeString(out.resolve(name), masker.mask(Files.readString(source, StandardCharsets.UTF_8)));
                written.add(DIR + "/" + name);
            }
        } catch (IOException | XMLStreamException e) {
            throw new IllegalStateException("cannot write JUnit reports to " + out + ": " + e.getMessage(), e);
        }
        return written;
    }

    private static void writeSuite(Writer w, VerifyResult v) throws XMLStreamException {
        XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(w);
        long failures = v.commands().stream().filter(c -> !c.ok()).count();
        long millis = v.commands().stream().mapToLong(VerifyResult.CommandResult::millis).sum();
        x.writeStartDocument("UTF-8", "1.0");
        x.writeStartElement("testsuite");
        x.writeAttribute("name", "agent-runtime.verify");
        x.writeAttribute("tests", String.valueOf(v.commands().size()));
        x.writeAttribute("failures", String.valueOf(failures));
        x.writeAttribute("errors", "0");
        x.writeAttribute("skipped", "0");
        x.writeAttribute("time", seconds(millis));
        for (VerifyResult.CommandResult c : v.commands()) {
            x.writeStartElement("testcase");
            x.writeAttribute("classname", "agent-runtime.verify");
            x.writeAttribute("name", c.command());
            x.writeAttribute("time", seconds(c.millis()));
            if (!c.ok()) {
                x.writeStartElement("failure");
                x.writeAttribute("message", c.timedOut() ? "timed out" : "exited " + c.exitCode());
                x.writeCharacters(c.outputTail()); // already masked by the verifier
                x.writeEndElement();
            } else {
                x.writeStartElement("system-out");
                x.writeCharacters(c.outputTail());
                x.writeEndElement();
            }
            x.writeEndElement();
        }
        x.writeEndElement();
        x.writeEndDocument();
        x.flush();
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }
}
