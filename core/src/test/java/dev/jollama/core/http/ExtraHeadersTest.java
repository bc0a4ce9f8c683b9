package dev.jollama.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jollama.core.daemon.HttpOllamaDaemon;
import dev.jollama.core.error.InvalidConfigException;
import dev.jollama.core.fake.FakeOllama;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A proxy's headers: how OLLAMA_HEADERS is read, what is refused, and that they go with every request. */
class ExtraHeadersTest {

    private final FakeOllama fake = FakeOllama.start();
    private final List<String> trace = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        fake.close();
    }

    private HttpOllamaDaemon daemon(String url, ApiKey key, ExtraHeaders headers) {
        return new HttpOllamaDaemon(
                OllamaHost.parse(url), Timeouts.DEFAULT, new HttpSettings(key, null, trace::add, headers));
    }

    @Test
    void onePerLineOrSeparatedBySemicolonsOnOneLine() {
        ExtraHeaders lines =
                ExtraHeaders.parse("X-Tenant: team-a\nCF-Access-Client-Id:  abc.access \n", "OLLAMA_HEADERS");
        assertThat(lines.names()).containsExactly("X-Tenant", "CF-Access-Client-Id");
        assertThat(lines.values()).containsEntry("CF-Access-Client-Id", "abc.access");
        ExtraHeaders oneLine = ExtraHeaders.parse("X-Tenant: team-a; X-Trace: on", "OLLAMA_HEADERS");
        assertThat(oneLine.values()).containsExactly(Map.entry("X-Tenant", "team-a"), Map.entry("X-Trace", "on"));
        // Lines keep a value's ";" as it is.
        assertThat(ExtraHeaders.parse("Cookie: a=1; b=2\nX-Y: z", "OLLAMA_HEADERS")
                        .values())
                .containsEntry("Cookie", "a=1; b=2");
        assertThat(ExtraHeaders.parse("  ", "OLLAMA_HEADERS").isEmpty()).isTrue();
    }

    @Test
    void theHeadersThatFrameTheRequestCannotBeReplaced() {
        for (String name :
                List.of("Host", "content-length", "Transfer-Encoding", "Connection", "Content-Type", "Accept")) {
            assertThatThrownBy(() -> ExtraHeaders.parse(name + ": x", "OLLAMA_HEADERS"))
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessage("OLLAMA_HEADERS sets " + name + ", which jollama writes itself for each request: remove"
                            + " it");
        }
    }

    @Test
    void aNameOrValueThatCouldWriteAnotherHeaderIsRefusedWithoutShowingTheValue() {
        assertThatThrownBy(() -> ExtraHeaders.parse("X-Secret: abc\rEvil: 1", "OLLAMA_HEADERS"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("OLLAMA_HEADERS: the value of X-Secret holds a line break or a control character at"
                        + " position 4");
        assertThatThrownBy(() -> ExtraHeaders.parse("Bad Name: 1", "OLLAMA_HEADERS"))
                .hasMessageStartingWith("OLLAMA_HEADERS: 'Bad Name' is not a header name");
        assertThatThrownBy(() -> ExtraHeaders.parse("just-a-token-sk-123", "OLLAMA_HEADERS"))
                .hasMessage("OLLAMA_HEADERS holds 'just-a-token-sk-123', which is not a header: write Name: value,"
                        + " one per line or separated by ;");
        assertThatThrownBy(() -> ExtraHeaders.parse("X-A: 1; x-a: 2", "OLLAMA_HEADERS"))
                .hasMessage("OLLAMA_HEADERS sets x-a twice: keep one");
    }

    @Test
    void theyGoWithEveryRequestToTheHostAndTheTraceNamesThemOnly() {
        Map<String, String> given = new LinkedHashMap<>();
        given.put("X-Tenant", "team-a");
        given.put("CF-Access-Client-Secret", "s3cret");
        ExtraHeaders headers = ExtraHeaders.of(given, "OLLAMA_HEADERS");
        HttpOllamaDaemon daemon = daemon(fake.url(), null, headers);
        daemon.version();
        daemon.listModels();
        daemon.show("llama3.2");
        assertThat(fake.requests()).hasSize(3).allSatisfy(r -> {
            assertThat(r.header("X-Tenant")).isEqualTo("team-a");
            assertThat(r.header("CF-Access-Client-Secret")).isEqualTo("s3cret");
        });
        assertThat(trace).contains("> X-Tenant: <redacted: from OLLAMA_HEADERS>");
        assertThat(String.join("\n", trace)).doesNotContain("s3cret").doesNotContain("team-a");
        assertThat(headers.toString()).isEqualTo("X-Tenant, CF-Access-Client-Secret (values not shown)");
    }

    @Test
    void anAuthorizationAmongThemWinsOverTheKeyAndTheAddressCredentials() {
        ExtraHeaders headers = ExtraHeaders.parse("Authorization: Bearer proxy-token", "OLLAMA_HEADERS");
        ApiKey key = ApiKey.of("sk-daemon", "OLLAMA_API_KEY");
        daemon(fake.url(), key, headers).version();
        String withUser = fake.url().replace("://", "://me:pw@");
        daemon(withUser, null, headers).version();
        assertThat(fake.requests("/api/version")).hasSize(2).allSatisfy(r -> {
            assertThat(r.header("Authorization")).isEqualTo("Bearer proxy-token");
            assertThat(r.headers().entrySet().stream()
                            .filter(e -> e.getKey().equalsIgnoreCase("Authorization"))
                            .mapToInt(e -> e.getValue().size())
                            .sum())
                    .as("one Authorization, not two")
                    .isEqualTo(1);
        });
        assertThat(trace).doesNotContain("> Authorization: " + key.redacted());
    }

    @Test
    void aUserAgentOfTheirsReplacesJollamasAndNoneIsSentTwice() {
        daemon(fake.url(), null, ExtraHeaders.parse("User-Agent: corp-gateway/1", "OLLAMA_HEADERS"))
                .version();
        var request = fake.requests("/api/version").get(0);
        assertThat(request.header("User-Agent")).isEqualTo("corp-gateway/1");
        assertThat(request.headers().entrySet().stream()
                        .filter(e -> e.getKey().equalsIgnoreCase("User-Agent"))
                        .mapToInt(e -> e.getValue().size())
                        .sum())
                .isEqualTo(1);
    }
}
