package dev.jollama.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jollama.core.error.InvalidConfigException;
import dev.jollama.core.error.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per rule of Ollama's envconfig.Host(), as listed in shared/ollama-api/README.md. */
class OllamaHostTest {

    private static String parse(String raw) {
        return OllamaHost.parse(raw).toString();
    }

    @Test
    void unsetOrEmptyMeansLoopbackOnDefaultPort() {
        assertThat(parse(null)).isEqualTo("http://127.0.0.1:11434");
        assertThat(parse("")).isEqualTo("http://127.0.0.1:11434");
        assertThat(parse("   ")).isEqualTo("http://127.0.0.1:11434");
    }

    @Test
    void bareHostGetsHttpAndPort11434() {
        assertThat(parse("1.2.3.4")).isEqualTo("http://1.2.3.4:11434");
        assertThat(parse("example.com")).isEqualTo("http://example.com:11434");
    }

    @Test
    void hostWithPortKeepsThePort() {
        assertThat(parse("example.com:1234")).isEqualTo("http://example.com:1234");
    }

    @Test
    void portAloneMeansLoopback() {
        assertThat(parse(":1234")).isEqualTo("http://127.0.0.1:1234");
    }

    @Test
    void bracketedIpv6WithPort() {
        assertThat(parse("[::1]:1234")).isEqualTo("http://[::1]:1234");
    }

    @Test
    void ipv6WithoutPortGetsDefaultPort() {
        assertThat(parse("[::1]")).isEqualTo("http://[::1]:11434");
        assertThat(parse("::1")).isEqualTo("http://[::1]:11434");
    }

    @Test
    void explicitHttpDefaultsToPort80() {
        assertThat(parse("http://example.com")).isEqualTo("http://example.com:80");
        assertThat(parse("http://example.com:1234")).isEqualTo("http://example.com:1234");
    }

    @Test
    void explicitHttpsDefaultsToPort443() {
        assertThat(parse("https://example.com")).isEqualTo("https://example.com:443");
    }

    @Test
    void pathIsKeptAsPrefix() {
        assertThat(parse("https://example.com/ollama/")).isEqualTo("https://example.com:443/ollama");
        assertThat(OllamaHost.parse("example.com/path").resolve("/api/tags").toString())
                .isEqualTo("http://example.com:11434/path/api/tags");
    }

    @Test
    void anInvalidPortIsAnErrorNotASilentSwitchToAnotherDaemon() {
        for (String raw : List.of("example.com:99999", "example.com:abc", "https://example.com:-1", "127.0.0.1:0")) {
            assertThatThrownBy(() -> OllamaHost.parse(raw))
                    .as(raw)
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("invalid port")
                    .hasMessageContaining("1 to 65535");
        }
        assertThat(parse("example.com:")).isEqualTo("http://example.com:11434");
    }

    @Test
    void surroundingBlanksAndQuotesAreIgnored() {
        assertThat(parse("  \"example.com:1234\"  ")).isEqualTo("http://example.com:1234");
        assertThat(parse("'0.0.0.0'")).isEqualTo("http://0.0.0.0:11434");
    }

    @Test
    void otherSchemesAreRejectedWithAClearMessage() {
        assertThatThrownBy(() -> OllamaHost.parse("ftp://example.com"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("unsupported scheme 'ftp'");
    }

    @Test
    void loopbackIsJudgedByTheAddressAloneWithoutALookUp() {
        for (String local : List.of(
                "",
                "localhost",
                "LOCALHOST:8080",
                "127.0.0.1",
                "127.1.2.3:5",
                "[::1]:11434",
                "0.0.0.0",
                "[::]",
                "https://localhost",
                "my.localhost")) {
            assertThat(OllamaHost.parse(local).isLoopback()).as(local).isTrue();
        }
        for (String remote : List.of(
                "192.168.1.20",
                "10.0.0.1:11434",
                "example.com",
                "[2001:db8::1]:11434",
                "localhost.example.com",
                "128.0.0.1")) {
            assertThat(OllamaHost.parse(remote).isLoopback()).as(remote).isFalse();
        }
    }

    @Test
    void namesThatJavaNetUriFindsNoHostInAreConnectedToAsOllamasClientDoes() {
        // A Docker Compose service name; the C library's short form of 127.0.0.1.
        OllamaHost service = OllamaHost.parse("my_host:11434");
        assertThat(service.toString()).isEqualTo("http://my_host:11434");
        assertThat(OllamaHost.Endpoint.of(service.uri())).isEqualTo(new OllamaHost.Endpoint("my_host", 11434));
        assertThat(service.isLoopback()).isFalse();

        OllamaHost shortForm = OllamaHost.parse("127.1");
        assertThat(shortForm.toString()).isEqualTo("http://127.1:11434");
        assertThat(OllamaHost.Endpoint.of(shortForm.uri())).isEqualTo(new OllamaHost.Endpoint("127.1", 11434));
        assertThat(shortForm.isLoopback()).isTrue();

        assertThat(OllamaHost.Endpoint.of(OllamaHost.parse("https://gpu_box").uri()))
                .isEqualTo(new OllamaHost.Endpoint("gpu_box", 443));
        assertThat(OllamaHost.Endpoint.of(OllamaHost.parse("[::1]:8080").uri()))
                .isEqualTo(new OllamaHost.Endpoint("::1", 8080));
    }

    @Test
    void aNonAsciiNameGoesInItsAsciiFormAsGosHttpClientSendsIt() {
        assertThat(parse("bücher.example:8080")).isEqualTo("http://xn--bcher-kva.example:8080");
    }

    @Test
    void aHostNameOllamasClientCannotReachIsAUsageErrorOfOneShortLine() {
        for (String bad : List.of("my host:11434", "exa#mple", "a!b:80", "http://x y/")) {
            assertThatThrownBy(() -> OllamaHost.parse(bad))
                    .as(bad)
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("invalid host name '");
        }
        String huge = "h".repeat(100_000);
        assertThatThrownBy(() -> OllamaHost.parse(huge))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("…(99800 more)")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(700));
    }

    @Test
    void shortIpv4FormsAreReadAsTheCLibraryReadsThem() {
        assertThat(OllamaHost.ipv4("127.1")).isEqualTo(0x7f000001L);
        assertThat(OllamaHost.ipv4("127.0.0.1")).isEqualTo(0x7f000001L);
        assertThat(OllamaHost.ipv4("10.65536")).isEqualTo(0x0a010000L);
        assertThat(OllamaHost.ipv4("2130706433")).isEqualTo(0x7f000001L);
        for (String not : List.of("256.1", "1.2.3.4.5", "1..2", "a.b", "127.1.", "99999999999")) {
            assertThat(OllamaHost.ipv4(not)).as(not).isEqualTo(-1);
        }
    }

    @Test
    void onlyHttpsIsEncrypted() {
        assertThat(OllamaHost.parse("https://example.com").isEncrypted()).isTrue();
        assertThat(OllamaHost.parse("http://example.com").isEncrypted()).isFalse();
        assertThat(OllamaHost.parse("example.com").isEncrypted()).isFalse();
    }

    @Test
    void ollamaComAloneIsItsCloudOverTls() {
        assertThat(parse("ollama.com")).isEqualTo("https://ollama.com:443");
        assertThat(parse("OLLAMA.COM")).isEqualTo("https://OLLAMA.COM:443");
        assertThat(OllamaHost.parse("ollama.com").isEncrypted()).isTrue();
        // An explicit scheme or port is what the user asked for.
        assertThat(parse("http://ollama.com")).isEqualTo("http://ollama.com:80");
        assertThat(parse("ollama.com:11434")).isEqualTo("http://ollama.com:11434");
    }

    @Test
    void credentialsInTheAddressLeaveTheUriAndAreNeverShown() {
        OllamaHost host = OllamaHost.parse("http://alice:p%40ss@10.0.0.5:11434/proxy");
        assertThat(host.toString()).isEqualTo("http://10.0.0.5:11434/proxy");
        assertThat(host.credentials().user()).isEqualTo("alice");
        assertThat(host.credentials().password()).isEqualTo("p@ss");
        assertThat(host.credentials().toString()).doesNotContain("p@ss");
        assertThat(OllamaHost.redacted("http://alice:secret@h:1")).isEqualTo("http://alice:***@h:1");
        assertThat(OllamaHost.parse("http://10.0.0.5:11434/a@b").credentials()).isNull(); // an @ in the path
        assertThatThrownBy(() -> OllamaHost.parse("http://alice:secret@h:99999"))
                .hasMessageNotContaining("secret")
                .hasMessageContaining("alice:***@");
    }
}
