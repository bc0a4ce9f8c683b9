package dev.jollama.core.daemon;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.jollama.core.error.ExitCode;
import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.error.ModelNotFoundException;
import dev.jollama.core.error.SignInRequiredException;
import dev.jollama.core.fake.FakeOllama;
import dev.jollama.core.http.Cancellation;
import dev.jollama.core.http.OllamaHost;
import dev.jollama.core.http.Timeouts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Cloud models through the local daemon: their names, their stubs, and the 401 of a daemon not signed in. */
class CloudModelsTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    private final FakeOllama fake = FakeOllama.start();
    private final HttpOllamaDaemon daemon = new HttpOllamaDaemon(OllamaHost.parse(fake.url()), Timeouts.DEFAULT);

    @AfterEach
    void stop() {
        fake.close();
    }

    private static ChatRequest chat(String model) {
        return new ChatRequest(model, List.of(ChatMessage.user("hi")), Map.of(), null, null, null, true);
    }

    @Test
    void aDaemonNotSignedInIsOneErrorNamingItsLinkNotADaemonFailure() {
        fake.signedIn(false);
        assertThatThrownBy(() -> daemon.chat(chat("gpt-oss:120b-cloud"), StreamListener.IGNORE, new Cancellation()))
                .isInstanceOfSatisfying(SignInRequiredException.class, e -> {
                    // Go writes & as \u0026; the link is the decoded one.
                    assertThat(e.signinUrl()).isEqualTo(FakeOllama.SIGNIN_URL).contains("&key=");
                    assertThat(e.getMessage())
                            .isEqualTo("not signed in to ollama.com: sign in at " + FakeOllama.SIGNIN_URL
                                    + " (or run `ollama signin` where the daemon runs)");
                    assertThat(e.isRetriable()).isFalse();
                    assertThat(ExitCode.of(e)).isEqualTo(ExitCode.DAEMON_ERROR);
                });
        assertThatThrownBy(() -> daemon.show("qwen3-coder:480b-cloud")).isInstanceOf(SignInRequiredException.class);
    }

    @Test
    void aLinkThatIsNotHttpsIsNotOffered() {
        wm.stubFor(post(urlEqualTo("/api/show"))
                .willReturn(aResponse()
                        .withStatus(401)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"unauthorized\",\"signin_url\":\"javascript:alert(1)\"}")));
        var odd = new HttpOllamaDaemon(OllamaHost.parse(wm.baseUrl()), Timeouts.DEFAULT);
        assertThatThrownBy(() -> odd.show("gpt-oss:20b-cloud"))
                .isInstanceOfSatisfying(SignInRequiredException.class, e -> assertThat(e.getMessage())
                        .isEqualTo("not signed in to ollama.com: run `ollama signin` where the daemon runs"));
    }

    @Test
    void signedInACloudModelAnswersAndIsShownWithWhereItRuns() {
        Completion done = daemon.chat(chat("gpt-oss:120b-cloud"), StreamListener.IGNORE, new Cancellation());
        assertThat(done.content()).isNotEmpty();
        assertThat(fake.requests("/api/chat").get(0).json().path("model").asText())
                .as("sent as written: the daemon reads the suffix")
                .isEqualTo("gpt-oss:120b-cloud");

        ModelInfo info = daemon.show("gpt-oss:120b-cloud");
        assertThat(info.runsElsewhere()).isTrue();
        assertThat(info.remoteModel()).isEqualTo("gpt-oss:120b");
        assertThat(info.remoteHost()).isEqualTo(FakeOllama.CLOUD_HOST);
        assertThat(daemon.show("llama3.2").runsElsewhere()).isFalse();
    }

    @Test
    void aCloudStubIsListedWithItsRemoteModelAndHost() {
        fake.install("gpt-oss:20b-cloud");
        InstalledModel stub = daemon.listModels().stream()
                .filter(m -> m.name().equals("gpt-oss:20b-cloud"))
                .findFirst()
                .orElseThrow();
        assertThat(stub.remoteModel()).isEqualTo("gpt-oss:20b");
        assertThat(stub.remoteHost()).isEqualTo(FakeOllama.CLOUD_HOST);
        assertThat(stub.runsElsewhere()).isTrue();
        assertThat(daemon.listModels().stream().filter(m -> m.name().equals("llama3.2:latest")))
                .allSatisfy(m -> assertThat(m.runsElsewhere()).isFalse());
    }

    @Test
    void aCloudPullSendsTheSpellingEveryDaemonWithCloudModelsKnows() {
        daemon.pull("gpt-oss:20b:cloud", p -> {}, new Cancellation());
        assertThat(fake.requests("/api/pull").get(0).json().path("model").asText())
                .isEqualTo("gpt-oss:20b-cloud");
    }

    @Test
    void bothSuffixesAreRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> daemon.chat(chat("llama3.2:cloud:local"), StreamListener.IGNORE, new Cancellation()))
                .isInstanceOf(InvalidInputException.class);
        assertThat(fake.requests()).isEmpty();
    }

    @Test
    void anUnknownCloudModelSaysSoAndDoesNotSayPullIt() {
        assertThatThrownBy(() -> daemon.show("nosuch:cloud"))
                .isInstanceOfSatisfying(ModelNotFoundException.class, e -> assertThat(e.getMessage())
                        .startsWith("no cloud model 'nosuch:cloud' (Ollama: model 'nosuch:cloud' not found): check"
                                + " the name at https://ollama.com/search?c=cloud"));
    }

    @Test
    void aCloudModelIsNeitherLoadedNorUnloadedHere() {
        daemon.load("gpt-oss:120b-cloud", "10m");
        daemon.unload("gpt-oss:120b-cloud");
        assertThat(fake.requests("/api/generate")).isEmpty();
    }
}
