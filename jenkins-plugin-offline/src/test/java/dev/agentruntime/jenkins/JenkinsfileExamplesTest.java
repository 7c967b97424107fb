package dev.agentruntime.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every named argument the example Jenkinsfiles pass to our steps is a parameter the step binds (the global variables
 * agentTask and agentApprove hand their arguments to agentTaskRun and agentGate).
 */
class JenkinsfileExamplesTest {
    static final Map<String, Class<?>> STEPS = Map.of("agentTask", AgentTaskStep.class, "agentApprove", AgentGateStep.class,
            "agentPublishPR", AgentPublishPRStep.class);
    /** Arguments the global variable's Groovy takes for itself before calling the step. */
    static final Map<String, Set<String>> GROOVY_ONLY = Map.of("agentApprove", Set.of("failOnDeny"));

    @ParameterizedTest
    @ValueSource(strings = {"Jenkinsfile.example", "Jenkinsfile.single.example"})
    void exampleArgumentsBind(String file) throws Exception {
        String text = Files.readString(PluginPackagingTest.PLUGIN.resolve("..").resolve(file));
        int calls = 0;
        for (var step : STEPS.entrySet()) {
            for (Set<String> names : namedArguments(text, step.getKey())) {
                calls++;
                Set<String> bound = new java.util.HashSet<>(Binder.parameterNames(step.getValue()));
                bound.addAll(GROOVY_ONLY.getOrDefault(step.getKey(), Set.of()));
                assertThat(bound).as(file + ": " + step.getKey()).containsAll(names);
            }
        }
        assertThat(calls).isPositive();
        if (file.equals("Jenkinsfile.example")) {
            assertThat(namedArguments(text, "agentTask").get(0)).contains("taskId", "repo", "task", "apiKeyCredentialsId", "submitter", "runsDir")
                    .doesNotContain("https", "name", "url");
            assertThat(namedArguments(text, "agentApprove")).containsExactly(Set.of("run", "node", "message", "submitter", "failOnDeny"));
            assertThat(text).contains("parallel approvals");
            assertThat(namedArguments(text, "agentPublishPR")).containsExactly(Set.of("run", "credentialsId", "repo", "draft", "labels"));
            assertThat(text).contains("cron(", "parallel branches", "junit ", "archiveArtifacts ");
        }
    }

    /** The top-level {@code name:} keys of every {@code step(...)} call, skipping strings, comments and nested brackets. */
    static List<Set<String>> namedArguments(String text, String step) {
        List<Set<String>> calls = new ArrayList<>();
        for (int at = text.indexOf(step + "("); at >= 0; at = text.indexOf(step + "(", at + 1)) {
            Set<String> names = new LinkedHashSet<>();
            int depth = 0;
            char quote = 0;
            StringBuilder word = new StringBuilder();
            for (int i = at + step.length(); i < text.length(); i++) {
                char c = text.charAt(i);
                if (quote != 0) {
                    if (c == '\\') i++;
                    else if (c == quote) quote = 0;
                    continue;
                }
                if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '/') { // a line comment
                    i = text.indexOf('\n', i) < 0 ? text.length() : text.indexOf('\n', i);
                    word.setLength(0);
                    continue;
                }
                if (c == '\'' || c == '"') quote = c;
                else if ("([{".indexOf(c) >= 0) depth++;
                else if (")]}".indexOf(c) >= 0 && --depth == 0) break;
                else if (c == ':' && depth == 1 && word.length() > 0) names.add(word.toString());
                if (Character.isJavaIdentifierPart(c)) word.append(c);
                else if (!Character.isWhitespace(c)) word.setLength(0);
            }
            calls.add(names);
        }
        return calls;
    }

    /** The Groovy really takes failOnDeny out before agentGate binds the rest (which would refuse it). */
    @org.junit.jupiter.api.Test
    void agentApprovesGroovyConsumesItsOwnArguments() throws Exception {
        String groovy = Files.readString(PluginPackagingTest.PLUGIN.resolve("src/main/resources/dev/agentruntime/jenkins/dsl/AgentApproveDsl.groovy"));
        for (String arg : GROOVY_ONLY.get("agentApprove")) {
            assertThat(groovy).contains("gateArgs.remove('" + arg + "')");
            assertThat(Binder.parameterNames(AgentGateStep.class)).doesNotContain(arg);
        }
    }
}
