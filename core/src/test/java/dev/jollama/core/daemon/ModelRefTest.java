package dev.jollama.core.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jollama.core.daemon.ModelRef.Source;
import dev.jollama.core.error.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Cloud and local names read as Ollama's internal/modelref reads them (its test cases, and the pull names). */
class ModelRefTest {

    @ParameterizedTest
    @CsvSource({
        "gpt-oss:20b:cloud, gpt-oss:20b, CLOUD",
        "gpt-oss:20b-cloud, gpt-oss:20b, CLOUD",
        "gpt-oss:120b-CLOUD, gpt-oss:120b, CLOUD",
        "qwen3:cloud, qwen3, CLOUD",
        "qwen3:8b:local, qwen3:8b, LOCAL",
        "llama3.2:Local, llama3.2, LOCAL",
        "llama3.2, llama3.2, UNSPECIFIED",
        "my-cloud-model, my-cloud-model, UNSPECIFIED",
        "foo:bar-cloud/baz, foo:bar-cloud/baz, UNSPECIFIED",
        "registry.example.com:5000/model, registry.example.com:5000/model, UNSPECIFIED"
    })
    void readsTheSourceSuffixLikeOllama(String name, String base, Source source) {
        ModelRef ref = ModelRef.parse(name);
        assertThat(ref.base()).isEqualTo(base);
        assertThat(ref.source()).isEqualTo(source);
        assertThat(ref.original()).as("what chat, show and embed send").isEqualTo(name);
    }

    @ParameterizedTest
    @CsvSource({
        "gpt-oss:20b:cloud, gpt-oss:20b-cloud",
        "gpt-oss:20b-cloud, gpt-oss:20b-cloud",
        "qwen3:cloud, qwen3:cloud",
        "gpt-oss:20b:local, gpt-oss:20b",
        "llama3.2, llama3.2",
        "registry.example.com:5000/m:cloud, registry.example.com:5000/m:cloud"
    })
    void pullsACloudModelByTheNameEveryDaemonWithCloudModelsKnows(String name, String pulled) {
        assertThat(ModelRef.parse(name).pullName()).isEqualTo(pulled);
    }

    @Test
    void bothSuffixesAtOnceAreRefusedLikeOllamaRefusesThem() {
        assertThatThrownBy(() -> ModelRef.parse("foo:cloud:local"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("model 'foo:cloud:local' says both where to run: use either :local or :cloud, not both");
        assertThat(ModelRef.isCloud("foo:local:cloud")).isFalse();
    }

    @Test
    void aBlankNameIsAUsageError() {
        assertThatThrownBy(() -> ModelRef.parse("  ")).isInstanceOf(InvalidInputException.class);
        assertThat(ModelRef.isCloud(null)).isFalse();
    }
}
