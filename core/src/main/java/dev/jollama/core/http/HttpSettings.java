package dev.jollama.core.http;

import java.util.function.Consumer;
import javax.net.ssl.SSLSocketFactory;

/**
 * How requests are made beyond the timeouts: the API key to send, if any; the TLS sockets for https
 * (null: the JDK's, with its trust store); and where a {@code --verbose} trace of each exchange goes
 * (null: nowhere). The trace shows the key only as {@link ApiKey#redacted()}.
 */
public record HttpSettings(ApiKey apiKey, SSLSocketFactory tlsSockets, Consumer<String> trace) {

    public static final HttpSettings DEFAULT = new HttpSettings(null, null, null);
}
