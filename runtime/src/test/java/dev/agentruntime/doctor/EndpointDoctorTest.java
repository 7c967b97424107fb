package dev.agentruntime.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruntime.gateway.ModelApi;
import dev.agentruntime.model.ModelScript;
import dev.agentruntime.model.Profile;
import dev.agentruntime.model.ScriptedModelServer;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** doctor passes a faithful endpoint and names the defect of each broken one. */
class EndpointDoctorTest {
    static final String SCRIPT = """
            turns:
              - calls: [{tool: record, args: {value: ok}}]
              - text: Recorded.
            """;

    static Map<String, EndpointDoctor.Check> check(ModelApi api, Profile profile) {
        try (ScriptedModelServer s = ScriptedModelServer.start(ModelScript.parse(SCRIPT), 0, profile)) {
            String base = api == ModelApi.ANTHROPIC ? "http://127.0.0.1:" + s.port() : s.baseUrl();
            List<EndpointDoctor.Check> checks = new EndpointDoctor(base, "m", api, null).run();
            return checks.stream().collect(Collectors.toMap(EndpointDoctor.Check::name, c -> c));
        }
    }

    @ParameterizedTest
    @EnumSource(ModelApi.class)
    void goodEndpointPassesEveryCheck(ModelApi api) {
        Map<String, EndpointDoctor.Check> c = check(api, Profile.GOOD);
        assertThat(c).containsKeys("error shape", "streaming", "tool call in stream", "tool arguments streamed", "finish reason",
                "usage in stream", "multi-step tool use");
        assertThat(c.values()).allSatisfy(x -> assertThat(x.pass()).as(x.name() + ": " + x.detail()).isTrue());
    }

    @ParameterizedTest(name = "{0} {1} fails {2}")
    @CsvSource({
            "CHAT, NO_USAGE, usage in stream, no usage reported",
            "RESPONSES, NO_USAGE, usage in stream, no usage reported",
            "ANTHROPIC, NO_USAGE, usage in stream, no usage reported",
            "CHAT, ARGS_NOT_STREAMED, tool arguments streamed, arguments missing from the stream",
            "CHAT, WRONG_FINISH_REASON, finish reason, expected \"tool_calls\"",
            "ANTHROPIC, WRONG_FINISH_REASON, finish reason, expected \"tool_use\""})
    void brokenEndpointFailsWithTheRightReason(ModelApi api, Profile profile, String failing, String reason) {
        Map<String, EndpointDoctor.Check> c = check(api, profile);
        assertThat(c.get(failing).pass()).isFalse();
        assertThat(c.get(failing).detail()).contains(reason);
        assertThat(c.values().stream().filter(x -> !x.pass()).map(EndpointDoctor.Check::name)).containsExactly(failing);
    }
}
