package dev.jollama.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TerminalTextTest {

    @Test
    void escapeSequencesLoseTheirEscAndShowAsCaretNotation() {
        assertThat(TerminalText.neutralise("\u001b[2J")).isEqualTo("^[[2J");
        assertThat(TerminalText.neutralise("\u001b]0;title\u0007")).isEqualTo("^[]0;title^G");
        assertThat(TerminalText.neutralise("\u001b]52;c;ZXZpbA==\u001b\\")).isEqualTo("^[]52;c;ZXZpbA==^[\\");
        assertThat(TerminalText.neutralise("\u001bP+q\u001b\\")).isEqualTo("^[P+q^[\\");
    }

    @Test
    void otherC0ControlsAreShownButNewlineAndTabPass() {
        assertThat(TerminalText.neutralise("a\bb\u0000c\u001fd")).isEqualTo("a^Hb^@c^_d");
        assertThat(TerminalText.neutralise("line\n\tindented")).isEqualTo("line\n\tindented");
    }

    @Test
    void aCarriageReturnIsShownUnlessItEndsALine() {
        assertThat(TerminalText.neutralise("fake prompt\rreal")).isEqualTo("fake prompt^Mreal");
        assertThat(TerminalText.neutralise("one\r\ntwo\r\n")).isEqualTo("one\ntwo\n");
        assertThat(TerminalText.neutralise("end\r")).isEqualTo("end^M");
    }

    @Test
    void delAndC1ControlsShowAsUnicodeEscapes() {
        assertThat(TerminalText.neutralise("a\u007fb")).isEqualTo("a\\u007fb");
        assertThat(TerminalText.neutralise("\u009b2J")).isEqualTo("\\u009b2J"); // the one-byte CSI
        assertThat(TerminalText.neutralise("\u0085\u009d")).isEqualTo("\\u0085\\u009d");
    }

    @Test
    void bidirectionalOverridesAndIsolatesAreShownMarksAreKept() {
        assertThat(TerminalText.neutralise("file\u202etxt.exe")).isEqualTo("file\\u202etxt.exe");
        assertThat(TerminalText.neutralise("\u202a\u202b\u202c\u202d")).isEqualTo("\\u202a\\u202b\\u202c\\u202d");
        assertThat(TerminalText.neutralise("\u2066\u2067\u2068\u2069")).isEqualTo("\\u2066\\u2067\\u2068\\u2069");
        assertThat(TerminalText.neutralise("abc\u200f\u200e\u061c")).isEqualTo("abc\u200f\u200e\u061c");
    }

    @Test
    void ordinaryTextIsReturnedAsItIs() {
        String text = "Grüße, 世界 🌍 — “quoted” ½\n\tdone";
        assertThat(TerminalText.neutralise(text)).isSameAs(text);
    }

    @Test
    void noHarmfulCharacterSurvivesAnyInput() {
        java.util.Random random = new java.util.Random(7);
        for (int n = 0; n < 2000; n++) {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < 40; i++) {
                s.append((char) (random.nextBoolean() ? random.nextInt(0xa0) : random.nextInt(0x10000)));
            }
            String shown = TerminalText.neutralise(s.toString());
            for (int i = 0; i < shown.length(); i++) {
                assertThat(TerminalText.isHarmful(shown.charAt(i)))
                        .as("char %04x in %s", (int) shown.charAt(i), shown)
                        .isFalse();
            }
        }
    }
}
