package dev.agentruntime.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CappedOutputTest {
    @Test
    void keepsHeadAndTailWithinCap() {
        CappedOutput o = new CappedOutput(100);
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 1000; i++) all.append(i % 10);
        byte[] b = all.toString().getBytes(StandardCharsets.UTF_8);
        o.write(b, 0, b.length);
        assertThat(o.truncated()).isTrue();
        assertThat(o.totalBytes()).isEqualTo(1000);
        String s = o.toString();
        assertThat(s).startsWith(all.substring(0, 25)).endsWith(all.substring(1000 - 75)).contains("900 bytes omitted");
    }

    @Test
    void smallOutputIsKeptWhole() {
        CappedOutput o = new CappedOutput(100);
        o.write("hello".getBytes(StandardCharsets.UTF_8), 0, 5);
        assertThat(o.toString()).isEqualTo("hello");
        assertThat(o.truncated()).isFalse();
    }
}
