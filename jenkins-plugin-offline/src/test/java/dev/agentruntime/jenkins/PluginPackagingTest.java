package dev.agentruntime.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What can be checked here of the real plugin (../jenkins-plugin): its POM parses and carries the documented
 * coordinates, and every step parameter has a field in the snippet generator's config.jelly and a help file.
 */
class PluginPackagingTest {
    static final Path PLUGIN = Path.of(System.getProperty("jenkinsPluginDir", "../jenkins-plugin"));

    static Document pom() throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(PLUGIN.resolve("pom.xml").toFile());
    }

    static String text(Element parent, String tag) {
        NodeList l = parent.getElementsByTagName(tag);
        return l.getLength() == 0 ? null : l.item(0).getTextContent().strip();
    }

    @Test
    void realPomHasTheDocumentedCoordinates() throws Exception {
        Element project = pom().getDocumentElement();
        Element parent = (Element) project.getElementsByTagName("parent").item(0);
        assertThat(text(parent, "groupId")).isEqualTo("org.jenkins-ci.plugins");
        assertThat(text(parent, "artifactId")).isEqualTo("plugin");
        assertThat(text(parent, "version")).isEqualTo("6.2221.va_045130417c9");
        assertThat(text(project, "packaging")).isEqualTo("hpi");
        assertThat(text(project, "jenkins.baseline") + "." + "3").isEqualTo("2.541.3");
        assertThat(text(project, "jenkins.version")).isEqualTo("${jenkins.baseline}.3");

        Element bom = (Element) ((Element) project.getElementsByTagName("dependencyManagement").item(0)).getElementsByTagName("dependency").item(0);
        assertThat(text(bom, "groupId")).isEqualTo("io.jenkins.tools.bom");
        assertThat(text(bom, "artifactId")).isEqualTo("bom-${jenkins.baseline}.x");
        assertThat(text(bom, "scope")).isEqualTo("import");

        List<String> compile = new ArrayList<>();
        List<String> test = new ArrayList<>();
        NodeList deps = ((Element) project.getElementsByTagName("dependencies").item(1)).getChildNodes();
        for (int i = 0; i < deps.getLength(); i++) {
            if (!(deps.item(i) instanceof Element d) || !d.getTagName().equals("dependency")) continue;
            String ga = text(d, "groupId") + ":" + text(d, "artifactId");
            ("test".equals(directText(d, "scope")) ? test : compile).add(ga);
            if (!ga.startsWith("dev.agentruntime") && !ga.equals("org.assertj:assertj-core") && !ga.equals("org.wiremock:wiremock-standalone")
                    && !ga.equals("org.apache.sshd:sshd-core")) {
                assertThat(directText(d, "version")).as(ga + " is managed by the BOM").isNull();
            }
        }
        // workflow-cps and pipeline-input-step: agentTask and agentApprove are global variables backed by Groovy that
        // ask real input steps and record their answers (agentDecision reads the input's node). Only the run-directory protocol from us: the runtime's dependency tree (Jetty, Jersey, …) must never reach
        // WEB-INF/lib, where it would shadow the Jetty Jenkins runs on.
        assertThat(compile).containsExactlyInAnyOrder("dev.agentruntime:agent-runtime-run-directory",
                "org.jenkins-ci.plugins.workflow:workflow-step-api", "org.jenkins-ci.plugins.workflow:workflow-api",
                "org.jenkins-ci.plugins.workflow:workflow-cps", "org.jenkins-ci.plugins:pipeline-input-step",
                "org.jenkins-ci.plugins.workflow:workflow-support", "org.jenkins-ci.plugins:credentials", "org.jenkins-ci.plugins:plain-credentials",
                "org.jenkins-ci.plugins:ssh-credentials", "org.jenkins-ci.plugins:jackson2-api");
        assertThat(test).contains("org.jenkins-ci.plugins.workflow:workflow-job", "org.jenkins-ci.plugins.workflow:workflow-cps");
        assertThat(Files.readString(PLUGIN.resolve("pom.xml"))).doesNotContain("<artifactId>jenkins-test-harness</artifactId>")
                .as("the runtime jar travels inside the plugin").contains("<classifier>all</classifier>", "agent-runtime-all.jar");
        assertThat(RuntimeJar.RESOURCE).isEqualTo("agent-runtime-all.jar");
    }

    private static String directText(Element e, String tag) {
        for (var n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && c.getTagName().equals(tag)) return c.getTextContent().strip();
        }
        return null;
    }

    @ParameterizedTest
    @ValueSource(classes = {AgentTaskStep.class, AgentGateStep.class, AgentDecisionStep.class, AgentPublishPRStep.class})
    void everyParameterHasAConfigFieldAndHelp(Class<?> step) throws Exception {
        Path dir = PLUGIN.resolve("src/main/resources/dev/agentruntime/jenkins/" + step.getSimpleName());
        String jelly = Files.readString(dir.resolve("config.jelly"));
        assertThat(jelly).startsWith("<?jelly escape-by-default='true'?>");
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(dir.resolve("config.jelly").toFile()); // well-formed
        assertThat(dir.resolve("help.html")).exists();
        // agentTaskRun's resume and cancel carry a handle between the steps of agentTask's Groovy: documented, no field
        Set<String> plumbing = step == AgentTaskStep.class ? Set.of("resume", "cancel") : Set.of();
        assertThat(Binder.parameterNames(step)).isNotEmpty().containsAll(plumbing).allSatisfy(name -> {
            if (plumbing.contains(name)) assertThat(jelly).doesNotContain("field=\"" + name + "\"");
            else assertThat(jelly).as(step.getSimpleName() + "/config.jelly").contains("field=\"" + name + "\"");
            assertThat(dir.resolve("help-" + name + ".html")).exists();
        });
    }

    /** Every view (step config, build page, summary, system configuration) is well-formed XML that escapes by default. */
    @Test
    void everyJellyViewIsWellFormedAndEscapes() throws Exception {
        try (var files = Files.walk(PLUGIN.resolve("src/main/resources"))) {
            List<Path> views = files.filter(f -> f.toString().endsWith(".jelly")).toList();
            assertThat(views).hasSizeGreaterThanOrEqualTo(6);
            for (Path v : views) {
                assertThat(Files.readString(v)).as(v.toString()).startsWith("<?jelly escape-by-default='true'?>");
                DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(v.toFile());
            }
        }
    }
}
