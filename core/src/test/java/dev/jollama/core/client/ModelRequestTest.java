package dev.jollama.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jollama.core.chat.ChatSettings;
import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.settings.Config;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MODEL|PROFILE + overrides → the settings of a request: the one merge run, chat, batch and embed use. */
class ModelRequestTest {

    private final Config config = Config.defaults();
    private final List<String> warnings = new ArrayList<>();

    @Test
    void aProfileBringsItsModelSystemOptionsAndKeepAlive() {
        ChatSettings s = ModelRequest.of("llama3-8b").settings(config, warnings::add);
        var profile = config.profiles().get("llama3-8b");
        assertThat(s.profile()).isEqualTo("llama3-8b");
        assertThat(s.model()).isEqualTo(profile.model());
        assertThat(s.options()).isEqualTo(profile.options());
        assertThat(s.keepAlive()).isEqualTo(profile.keepAlive());
    }

    @Test
    void eachOverrideReplacesTheProfilesValueAndOptionsMergeKeyByKey() {
        ChatSettings s = new ModelRequest(
                        "llama3-8b",
                        "be brief",
                        List.of("temperature=0.1", "stop=END", "stop=STOP"),
                        "json",
                        false,
                        "7m")
                .settings(config, warnings::add);
        assertThat(s.system()).isEqualTo("be brief");
        assertThat(s.options()).containsEntry("temperature", 0.1).containsEntry("stop", List.of("END", "STOP"));
        assertThat(s.options())
                .containsEntry(
                        "num_ctx", config.profiles().get("llama3-8b").options().get("num_ctx"));
        assertThat(s.format()).isEqualTo("json");
        assertThat(s.think()).isEqualTo(false);
        assertThat(s.keepAlive()).isEqualTo("7m");
        assertThat(warnings).isEmpty();
    }

    @Test
    void noModelMeansTheDefaultProfileAndABareTagIsItsOwnModel() {
        assertThat(ModelRequest.of(null).settings(config, warnings::add).profile())
                .isEqualTo(Config.DEFAULT_PROFILE);
        ChatSettings bare = ModelRequest.of("qwen2.5:0.5b").settings(config, warnings::add);
        assertThat(bare.profile()).isNull();
        assertThat(bare.model()).isEqualTo("qwen2.5:0.5b");
    }

    @Test
    void anUnknownOptionIsSentWithAWarningAndABadValueIsAUsageError() {
        ChatSettings s =
                new ModelRequest("m", null, List.of("frobnicate=2"), null, null, null).settings(config, warnings::add);
        assertThat(s.options()).containsKey("frobnicate");
        assertThat(warnings).singleElement().asString().startsWith("unknown option 'frobnicate'");

        assertThatThrownBy(() -> new ModelRequest("m", null, List.of("temperature=warm"), null, null, null)
                        .settings(config, warnings::add))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new ModelRequest("m", null, List.of(), null, null, "soon").settings(config, w -> {}))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("--keep-alive wants a duration like 5m, 1h, 0 or -1, not 'soon'");
    }

    @Test
    void overridesApplyOverAResumedChatsSettingsKeepingItsModel() {
        ChatSettings resumed = ModelRequest.of("llama3-8b").settings(config, w -> {});
        ChatSettings s = new ModelRequest(null, "new system", List.of("temperature=0.3"), null, null, null)
                .over(resumed, warnings::add);
        assertThat(s.model()).isEqualTo(resumed.model());
        assertThat(s.system()).isEqualTo("new system");
        assertThat(s.options()).containsEntry("temperature", 0.3);
    }

    @Test
    void anOptionOllamaDroppedIsSentWithOneWarningWhereverItWasSet() {
        Config withOld = dev.jollama.core.settings.ConfigFile.check(
                java.nio.file.Path.of("config.json"),
                "{\"profiles\": {\"old\": {\"model\": \"llama3.2\", \"options\": {\"mirostat\": 2,"
                        + " \"numa\": true}}}}");
        ChatSettings s = new ModelRequest(
                        "old", null, List.of("mirostat=1", "penalize_newline=false"), null, null, null)
                .settings(withOld, warnings::add);
        assertThat(s.options())
                .containsEntry("mirostat", 1)
                .containsEntry("numa", true)
                .containsEntry("penalize_newline", false);
        assertThat(warnings)
                .as("once each, though the profile and -o both set mirostat")
                .containsExactlyInAnyOrder(
                        "Ollama ignores mirostat since 0.7.0: it is sent, and does nothing",
                        "Ollama ignores numa since 0.3.4: it is sent, and does nothing",
                        "Ollama ignores penalize_newline since 0.5.5: it is sent, and does nothing");
    }
}
