package dev.jollama.core.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jollama.core.error.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InputLinesTest {

    private static List<String> all(InputLines lines) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line; (line = lines.next()) != null; ) {
            out.add(line);
        }
        return out;
    }

    private static InputLines of(String text, long limit) {
        return new InputLines(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), limit);
    }

    @Test
    void oneTextPerLineEmptyLinesKeptCarriageReturnsDroppedLastNewlineOptional() throws IOException {
        assertThat(all(of("a\r\n\nb c\nlast", 100))).containsExactly("a", "", "b c", "last");
        assertThat(all(of("a\n", 100))).containsExactly("a");
        assertThat(all(of("\n", 100))).containsExactly("");
        assertThat(all(of("", 100))).isEmpty();
    }

    @Test
    void linesLongerThanTheReadBufferArriveWhole() throws IOException {
        String big = "é".repeat(100_000); // 200,000 bytes, a multi-byte character across buffer edges
        assertThat(all(of(big + "\nafter\n", 1_000_000))).containsExactly(big, "after");
    }

    @Test
    void aLineBeyondTheLimitIsRefusedNamingItsNumberAfterTheLinesBeforeIt() throws IOException {
        InputLines lines = of("ok\n" + "x".repeat(11) + "\nnever\n", 10);
        assertThat(lines.next()).isEqualTo("ok");
        assertThatThrownBy(lines::next)
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("line 2 of stdin holds more than the 10 bytes input limit: it was not sent; split it, or"
                        + " raise the limit with --max-input, JOLLAMA_MAX_INPUT or \"maxInput\" in the config");
        assertThat(all(of("x".repeat(10), 10))).as("exactly at the limit").hasSize(1);
    }

    @Test
    void anEndlessLineStopsAtTheLimitInsteadOfFillingMemory() {
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 'z';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 'z');
                return len;
            }
        };
        assertThatThrownBy(() -> new InputLines(endless, 1024 * 1024).next())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("line 1 of stdin holds more than the 1 MiB input limit");
    }

    @Test
    void invalidUtf8NamesTheLineAndTheOffset() throws IOException {
        InputLines lines =
                new InputLines(new ByteArrayInputStream(new byte[] {'o', 'k', '\n', 'a', (byte) 0xC3, '('}), 100);
        assertThat(lines.next()).isEqualTo("ok");
        assertThatThrownBy(lines::next)
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("line 2 of stdin is not valid UTF-8 (bad byte at offset 1 of the line)");
    }

    @Test
    void readyOnlyWhileMoreIsBufferedOrWaiting() throws IOException {
        InputLines lines = of("a\nb\n", 100);
        assertThat(lines.next()).isEqualTo("a");
        assertThat(lines.ready()).isTrue();
        assertThat(lines.next()).isEqualTo("b");
        assertThat(lines.ready()).isFalse();
        assertThat(lines.next()).isNull();
    }
}
