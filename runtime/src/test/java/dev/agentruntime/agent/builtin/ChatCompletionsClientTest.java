package dev.agentruntime.agent.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.agentruntime.model.ModelScript;
import dev.agentruntime.model.ScriptedModelServer;
import dev.agentruntime.common.Json;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The built-in agent's client against the scripted server over real HTTP, including every injectable fault. */
class ChatCompletionsClientTest {
    static ArrayNode messages() {
        ArrayNode m = Json.MAPPER.createArrayNode();
        m.addObject().put("role", "user").put("content", "hi");
        return m;
    }

    static Completion once(String script, Duration idle) {
        try (ScriptedModelServer s = ScriptedModelServer.start(ModelScript.parse(script), 0)) {
            return new ChatCompletionsClient(s.baseUrl(), "m", "k", idle).complete(messages(), Tools.definitions());
        }
    }

    @Test
    void assemblesTextToolCallsAndUsageFromTheStream() {
        try (ScriptedModelServer s = ScriptedModelServer.start(ModelScript.parse("""
                turns:
                  - text: "Running tests."
                    calls:
                      - {tool: bash, args: {command: "make test"}}
                      - {tool: read_file, args: {path: "a b.txt"}}
                    usage: {input: 120, output: 30, cached: 100}
                """), 0)) {
            Completion c = new ChatCompletionsClient(s.baseUrl(), "gpt-x", "secret", Duration.ofSeconds(5)).complete(messages(), Tools.definitions());
            assertThat(c.text()).isEqualTo("Running tests.");
            assertThat(c.finishReason()).isEqualTo("tool_calls");
            assertThat(c.toolCalls()).extracting(Completion.ToolCall::name).containsExactly("bash", "read_file");
            assertThat(Json.MAPPER.readTree(c.toolCalls().get(0).arguments()).get("command").asText()).isEqualTo("make test");
            assertThat(Json.MAPPER.readTree(c.toolCalls().get(1).arguments()).get("path").asText()).isEqualTo("a b.txt");
            assertThat(c.input()).isEqualTo(120);
            assertThat(c.output()).isEqualTo(30);
            assertThat(c.cached()).isEqualTo(100);
            var req = s.requests().get(0);
            assertThat(req.header("Authorization")).isEqualTo("Bearer secret");
            assertThat(req.body().get("stream").asBoolean()).isTrue();
            assertThat(req.body().get("model").asText()).isEqualTo("gpt-x");
            assertThat(req.body().get("tools").size()).isEqualTo(5);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void httpStatusFaultIsRetryableFor5xxAndCarriesRetryAfter() {
        assertThatThrownBy(() -> once("turns: [{fault: {status: 503, retryAfter: 7}}]", Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(ModelException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
                });
    }

    @Test
    void clientErrorsAreNotRetryableAndExplainThemselves() {
        assertThatThrownBy(() -> once("turns: [{fault: {status: 401}}]", Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(ModelException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("HTTP 401").contains("apiKeyEnv");
                });
    }

    @Test
    void hangIsDetectedAsStall() {
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> once("turns: [{fault: {hang: true}}]", Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.retryable()).isTrue())
                .hasMessageContaining("no response within 1s");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void malformedChunkIsAnError() {
        assertThatThrownBy(() -> once("turns: [{text: hello world, fault: {malformedChunk: true}}]", Duration.ofSeconds(5)))
                .isInstanceOf(ModelException.class).hasMessageContaining("malformed chunk");
    }

    @Test
    void disconnectMidStreamIsAnError() {
        assertThatThrownBy(() -> once("turns: [{text: hello world, fault: {disconnect: true}}]", Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.retryable()).isTrue());
    }

    @Test
    void delayWithinTheIdleTimeoutStillAnswers() {
        Completion c = once("turns: [{text: slow, fault: {delayMs: 300}}]", Duration.ofSeconds(5));
        assertThat(c.text()).isEqualTo("slow");
        assertThat(c.millis()).isGreaterThanOrEqualTo(300);
    }

    @Test
    void exhaustedScriptAnswersWithAClearError() {
        try (ScriptedModelServer s = ScriptedModelServer.start(ModelScript.parse("turns: [{text: one}]"), 0)) {
            ChatCompletionsClient c = new ChatCompletionsClient(s.baseUrl(), "m", null, Duration.ofSeconds(5));
            assertThat(c.complete(messages(), null).text()).isEqualTo("one");
            assertThatThrownBy(() -> c.complete(messages(), null)).hasMessageContaining("no turn left");
        }
    }

    @Test
    void invalidScriptsAreRejected() {
        assertThatThrownBy(() -> ModelScript.parse("turns: [{}]")).hasMessageContaining("turns[0]: needs text");
        assertThatThrownBy(() -> ModelScript.parse("turns: [{calls: [{args: {}}]}]")).hasMessageContaining("turns[0].calls[0].tool");
        assertThatThrownBy(() -> ModelScript.parse("turns: [{txt: x}]")).hasMessageContaining("unknown field \"txt\"");
    }
}
