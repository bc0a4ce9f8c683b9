package dev.jollama.core.fake;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ollama4j.Ollama;
import io.github.ollama4j.models.response.Model;
import org.junit.jupiter.api.Test;

/**
 * Reads the fake daemon with ollama4j, the reference Java client: if the fake drifted from the shapes
 * Ollama really sends, this independent parser would notice before our own tests could mislead us.
 */
class Ollama4jContractTest {

    @Test
    void ollama4jReadsTheFakeLikeARealDaemon() throws Exception {
        try (FakeOllama fake = FakeOllama.start()) {
            Ollama client = new Ollama(fake.url());
            assertThat(client.ping()).isTrue();
            assertThat(client.getVersion()).isEqualTo("0.13.5");
            assertThat(client.listModels())
                    .extracting(Model::getName)
                    .containsExactlyInAnyOrder("deepseek-r1:latest", "llama3.2:latest");
            assertThat(client.ps().getModels()).hasSize(1);
            assertThat(client.getModelDetails("llama3.2").getParameters()).contains("num_keep");
        }
    }
}
