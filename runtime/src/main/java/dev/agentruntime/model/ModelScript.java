package dev.agentruntime.model;

import dev.agentruntime.common.BadInputException;
import dev.agentruntime.util.SpecReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A scripted model session (YAML): the assistant turns the scripted server plays back, one per request, in
 * agent-neutral terms (text and tool calls with arguments). See docs/scripted-model.md.
 *
 * @param turns      played in order, one per model request
 * @param repeatLast keep answering with the last turn once the script is used up (for budget tests)
 */
/**
 * @param turns          the model's answers, in order
 * @param repeatLast     keep answering with the last turn when the script is used up
 * @param byConversation choose the turn from the request (how many answers the conversation already holds) instead
 *                       of serving turns in arrival order: a request repeated after a crash gets the same answer
 */
public record ModelScript(List<Turn> turns, Boolean repeatLast, Boolean byConversation) {

    /**
     * One assistant reply.
     *
     * @param text  assistant text (may be empty when there are calls)
     * @param calls tool calls, in order
     * @param usage token counts to report; estimated from sizes when absent
     * @param fault make this request fail instead (consumes the turn), or delay it
     */
    public record Turn(String text, List<Call> calls, Usage usage, Fault fault) {
        public List<Call> callsOrEmpty() {
            return calls == null ? List.of() : calls;
        }
    }

    /** A tool call: the agent-neutral tool name and its arguments. */
    public record Call(String tool, Map<String, Object> args) {}

    /** Reported usage; {@code cached} is the part of {@code input} served from a prompt cache. */
    public record Usage(Integer input, Integer output, Integer cached) {}

    /**
     * A fault injected into one request.
     *
     * @param status         answer with this HTTP status and an error body
     * @param delayMs        wait this long before answering (combined with content or another fault)
     * @param hang           never answer (until the client gives up or the server stops)
     * @param malformedChunk send a chunk that is not valid JSON in the middle of the stream
     * @param disconnect     drop the connection in the middle of the stream
     * @param hangMidStream  start streaming, then go silent (until the client gives up or the server stops)
     * @param retryAfter     value of a Retry-After header sent with {@code status}
     */
    public record Fault(Integer status, Long delayMs, Boolean hang, Boolean malformedChunk, Boolean disconnect,
                        Boolean hangMidStream, Integer retryAfter) {
        boolean failsRequest() {
            return status != null || Boolean.TRUE.equals(hang) || Boolean.TRUE.equals(malformedChunk)
                    || Boolean.TRUE.equals(disconnect) || Boolean.TRUE.equals(hangMidStream);
        }
    }

    public static ModelScript load(Path file) {
        return validate(SpecReader.read(file, ModelScript.class), file.toString());
    }

    public static ModelScript parse(String yaml) {
        return validate(SpecReader.parse(yaml, ModelScript.class, "model script"), "model script");
    }

    static ModelScript validate(ModelScript s, String source) {
        List<String> p = new ArrayList<>();
        if (s.turns() == null || s.turns().isEmpty()) p.add("turns: required; a list of assistant turns");
        else {
            for (int i = 0; i < s.turns().size(); i++) {
                Turn t = s.turns().get(i);
                if (t == null || (t.text() == null || t.text().isEmpty()) && t.callsOrEmpty().isEmpty()
                        && (t.fault() == null || !t.fault().failsRequest())) {
                    p.add("turns[" + i + "]: needs text, calls or a failing fault");
                    continue;
                }
                for (int j = 0; j < t.callsOrEmpty().size(); j++) {
                    Call c = t.callsOrEmpty().get(j);
                    if (c.tool() == null || c.tool().isBlank()) p.add("turns[" + i + "].calls[" + j + "].tool: required");
                }
            }
        }
        if (!p.isEmpty()) throw new BadInputException(source, p);
        return s;
    }
}
