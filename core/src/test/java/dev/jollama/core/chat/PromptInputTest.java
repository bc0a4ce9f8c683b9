package dev.jollama.core.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jollama.core.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptInputTest {

    @Test
    void joinsArguments() {
        assertThat(PromptInput.combine(null, List.of("why", "is", "it"))).isEqualTo("why is it");
    }

    @Test
    void stdinThenBlankLineThenArguments() {
        byte[] stdin = "line one\nline two\n\n".getBytes(StandardCharsets.UTF_8);
        assertThat(PromptInput.combine(stdin, List.of("summarise"))).isEqualTo("line one\nline two\n\nsummarise");
    }

    @Test
    void keepsMultibyteText() {
        assertThat(PromptInput.combine("héllo 世界 🙂".getBytes(StandardCharsets.UTF_8), List.of()))
                .isEqualTo("héllo 世界 🙂");
    }

    @Test
    void rejectsInvalidUtf8WithTheOffset() {
        assertThatThrownBy(() -> PromptInput.combine(new byte[] {'a', (byte) 0xFF}, List.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("stdin is not valid UTF-8 (bad byte at offset 1)");
    }

    @Test
    void contextSuggestionIsThePowerOfTwoAboveInputAndAnswerRoom() {
        assertThat(new ContextWindow(4096, 8192).suggestFor(5000)).isEqualTo(8192);
        assertThat(new ContextWindow(4096, 131072).suggestFor(20000)).isEqualTo(32768);
        assertThat(new ContextWindow(4096, 8192).suggestFor(9000)).isEqualTo(8192);
        assertThat(ContextWindow.estimateTokens("abcdefgh")).isEqualTo(2);
    }
}
