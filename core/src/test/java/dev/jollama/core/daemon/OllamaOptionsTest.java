package dev.jollama.core.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.text.Durations;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OllamaOptionsTest {

    @Test
    void typesKnownOptions() {
        Map<String, Object> o = OllamaOptions.parsePairs(
                List.of("temperature=0.7", "num_ctx=4096", "use_mmap=false", "stop=<|end|>", "stop=###"));
        assertThat(o)
                .containsEntry("temperature", 0.7)
                .containsEntry("num_ctx", 4096)
                .containsEntry("use_mmap", false);
        assertThat(o.get("stop")).isEqualTo(List.of("<|end|>", "###"));
    }

    @Test
    void rejectsWrongTypes() {
        assertThatThrownBy(() -> OllamaOptions.parsePairs(List.of("temperature=hot")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("option temperature wants a number, not 'hot'");
        assertThatThrownBy(() -> OllamaOptions.parsePairs(List.of("num_ctx=4k")))
                .hasMessage("option num_ctx wants a whole number, not '4k'");
        assertThatThrownBy(() -> OllamaOptions.parsePairs(List.of("temperature")))
                .hasMessageContaining("is not KEY=VALUE");
    }

    @Test
    void passesUnknownOptionsThroughWithAGuessedType() {
        assertThat(OllamaOptions.parsePairs(List.of("new_knob=3", "flag=true", "mode=fast")))
                .containsEntry("new_knob", 3)
                .containsEntry("flag", true)
                .containsEntry("mode", "fast");
        assertThat(OllamaOptions.hint("temprature")).isEqualTo(" (did you mean 'temperature'?)");
    }

    @Test
    void theCurrentOptionsAreThoseOfOllamasApiTypes() {
        // api/types.go Options and Runner at ollama/ollama@fb30760.
        assertThat(OllamaOptions.known())
                .containsExactlyInAnyOrder(
                        "num_ctx",
                        "num_batch",
                        "num_gpu",
                        "main_gpu",
                        "use_mmap",
                        "num_thread",
                        "draft_num_predict",
                        "num_keep",
                        "seed",
                        "num_predict",
                        "top_k",
                        "top_p",
                        "min_p",
                        "typical_p",
                        "repeat_last_n",
                        "temperature",
                        "repeat_penalty",
                        "presence_penalty",
                        "frequency_penalty",
                        "stop");
        assertThat(OllamaOptions.parse("draft_num_predict", "8")).isEqualTo(8);
        assertThatThrownBy(() -> OllamaOptions.parse("draft_num_predict", "many"))
                .hasMessage("option draft_num_predict wants a whole number, not 'many'");
        assertThat(OllamaOptions.removedSince("draft_num_predict")).isNull();
    }

    @Test
    void droppedOptionsStayTypedAndSayTheReleaseThatStoppedUsingThem() {
        assertThat(OllamaOptions.isKnown("mirostat")).isTrue();
        assertThat(OllamaOptions.parse("mirostat", "2")).isEqualTo(2);
        assertThatThrownBy(() -> OllamaOptions.parse("mirostat_tau", "x")).isInstanceOf(InvalidInputException.class);
        assertThat(OllamaOptions.removedWarning("mirostat"))
                .isEqualTo("Ollama ignores mirostat since 0.7.0: it is sent, and does nothing");
        assertThat(OllamaOptions.removedSince("mirostat_eta")).isEqualTo("0.7.0");
        assertThat(OllamaOptions.removedSince("penalize_newline")).isEqualTo("0.5.5");
        assertThat(OllamaOptions.removedSince("numa")).isEqualTo("0.3.4");
        assertThat(OllamaOptions.removedSince("tfs_z")).isEqualTo("0.5.2");
        assertThat(OllamaOptions.removedWarning("temperature")).isNull();
        assertThat(OllamaOptions.known()).doesNotContain("mirostat", "numa", "penalize_newline");
        // A hint leads to what works now, never to a dropped option.
        assertThat(OllamaOptions.hint("mirostatt")).isEmpty();
    }

    @Test
    void durations() {
        assertThat(Durations.parse("5m")).hasMinutes(5);
        assertThat(Durations.parse("1h30m")).hasMinutes(90);
        assertThat(Durations.parse("-1")).hasSeconds(-1);
        assertThat(Durations.parse("soon")).isNull();
        assertThat(Durations.human(java.time.Duration.ofSeconds(5400))).isEqualTo("1h30m");
    }
}
