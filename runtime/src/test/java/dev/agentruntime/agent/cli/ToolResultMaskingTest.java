package dev.agentruntime.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruntime.common.Masker;
import dev.agentruntime.events.EventLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A CLI agent's tool output is masked before it is cut to its tail: a cut must not leave part of a secret. */
class ToolResultMaskingTest {
    @TempDir
    Path tmp;

    @Test
    void aSecretAcrossTheStartOfTheTailLeavesNoPart() throws Exception {
        String secret = "tok-" + System.nanoTime() + "-ABCDEFGHIJ";
        String output = "x".repeat(100) + secret + "y".repeat(2000 - secret.length() / 2); // the tail starts inside the secret
        try (EventLog log = EventLog.open(tmp.resolve("events.jsonl"), "run-1")) {
            log.setMasker(new Masker(List.of(secret)));
            new CliAgent.Mapping(log, 5, reason -> { }).toolResult("c1", "Bash", true, 0, output);
        }
        String events = Files.readString(tmp.resolve("events.jsonl"));
        assertThat(events).contains("****").doesNotContain(secret.substring(secret.length() / 2));
    }
}
