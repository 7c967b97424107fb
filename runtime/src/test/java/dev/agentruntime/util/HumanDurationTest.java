package dev.agentruntime.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HumanDurationTest {
    @Test
    void parsesHumanAndIsoForms() {
        assertThat(HumanDuration.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(HumanDuration.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(HumanDuration.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(HumanDuration.parse("PT10M")).isEqualTo(Duration.ofMinutes(10));
        assertThat(HumanDuration.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
    }

    @Test
    void rejectsGarbage() {
        assertThatThrownBy(() -> HumanDuration.parse("10 minutes")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HumanDuration.parse("m10")).isInstanceOf(IllegalArgumentException.class);
    }
}
