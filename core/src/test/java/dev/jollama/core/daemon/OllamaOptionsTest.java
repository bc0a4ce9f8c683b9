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
    void durations() {
        assertThat(Durations.parse("5m")).hasMinutes(5);
        assertThat(Durations.parse("1h30m")).hasMinutes(90);
        assertThat(Durations.parse("-1")).hasSeconds(-1);
        assertThat(Durations.parse("soon")).isNull();
        assertThat(Durations.human(java.time.Duration.ofSeconds(5400))).isEqualTo("1h30m");
    }
}
