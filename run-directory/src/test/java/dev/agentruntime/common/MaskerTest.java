package dev.agentruntime.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The encodings a secret commonly leaks in are all recognised. */
class MaskerTest {
    static final String TOKEN = "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcd"; // 93 chars
    final Masker m = new Masker(List.of(TOKEN));

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void plainJsonUrlAndHexForms() {
        assertThat(m.mask("token=" + TOKEN + ";")).isEqualTo("token=****;");
        assertThat(m.reveals(HexFormat.of().formatHex(TOKEN.getBytes(StandardCharsets.UTF_8)))).isTrue();
        assertThat(m.reveals(HexFormat.of().formatHex(TOKEN.getBytes(StandardCharsets.UTF_8)).toUpperCase())).isTrue();
        assertThat(new Masker(List.of("pa ss\"word/1")).mask("{\"v\":\"pa ss\\\"word/1\"} pa+ss%22word%2F1")).isEqualTo("{\"v\":\"****\"} ****");
    }

    @Test
    void base64AsTheBase64ToolPrintsItWrappedAt76Columns() {
        String encoded = b64(TOKEN + "\n");
        StringBuilder wrapped = new StringBuilder();
        for (int i = 0; i < encoded.length(); i += 76) wrapped.append(encoded, i, Math.min(encoded.length(), i + 76)).append('\n');
        assertThat(wrapped.toString()).contains("\n");
        assertThat(m.reveals(wrapped.toString())).isTrue();
    }

    @Test
    void base64OfTheSecretInsideOtherTextAtEveryOffset() {
        for (String prefix : List.of("", "S=", "SE=", "SEC=")) {
            assertThat(m.reveals(b64(prefix + TOKEN + " and more"))).as(prefix).isTrue();
        }
    }

    @Test
    void shortValuesAreNotMaskedAndOrdinaryTextIsLeftAlone() {
        Masker shortOne = new Masker(List.of("2025"));
        assertThat(shortOne.isEmpty()).isTrue();
        assertThat(m.mask("nothing secret here")).isEqualTo("nothing secret here");
    }

    @Test
    void aStreamIsCheckedAcrossItsChunksAndJsonInItsStringsAndNames() throws Exception {
        byte[] big = new byte[(1 << 20) + 100];
        java.util.Arrays.fill(big, (byte) 'x');
        byte[] t = TOKEN.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(t, 0, big, (1 << 20) - 10, t.length); // straddles the first chunk's end
        assertThat(m.reveals(new java.io.ByteArrayInputStream(big))).isTrue();
        java.util.Arrays.fill(big, (byte) 'x');
        assertThat(m.reveals(new java.io.ByteArrayInputStream(big))).isFalse();
        assertThat(new Masker(List.of("pässwörd-ü")).reveals(new java.io.ByteArrayInputStream("a pässwörd-ü b".getBytes(StandardCharsets.UTF_8)))).isTrue();

        var node = Json.MAPPER.readTree("{\"" + TOKEN + "\": [\"x " + TOKEN + "\", 3, {\"k\": \"" + TOKEN + "\"}]}");
        assertThat(Json.write(m.mask(node))).isEqualTo("{\"****\":[\"x ****\",3,{\"k\":\"****\"}]}");
    }

    @Test
    void htmlAndXmlEscapedForms() {
        Masker html = new Masker(List.of("p&<ss>\"w'rd"));
        for (String escaped : List.of("p&amp;&lt;ss&gt;\"w'rd", "p&amp;&lt;ss&gt;&quot;w&#39;rd", "p&amp;&lt;ss&gt;&quot;w&apos;rd",
                "p&amp;&lt;ss&gt;\"w&#x27;rd")) {
            assertThat(html.mask("<failure message=\"" + escaped + "\"/>")).as(escaped).isEqualTo("<failure message=\"****\"/>");
        }
    }
}
