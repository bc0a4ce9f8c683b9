package dev.jollama.core.http;

import java.util.function.Consumer;
import javax.net.ssl.SSLSocketFactory;

/**
 * How requests are made beyond the timeouts: the API key to send, if any; the TLS sockets for https
 * (null: the JDK's, with its trust store); where a {@code --verbose} trace of each exchange goes
 * (null: nowhere); and the extra headers for a proxy. The trace shows the key only as
 * {@link ApiKey#redacted()}, and the headers by name.
 */
public record HttpSettings(ApiKey apiKey, SSLSocketFactory tlsSockets, Consumer<String> trace, ExtraHeaders headers) {

    public static final HttpSettings DEFAULT = new HttpSettings(null, null, null);

    public HttpSettings {
        headers = headers == null ? ExtraHeaders.NONE : headers;
    }

    public HttpSettings(ApiKey apiKey, SSLSocketFactory tlsSockets, Consumer<String> trace) {
        this(apiKey, tlsSockets, trace, ExtraHeaders.NONE);
    }
}
