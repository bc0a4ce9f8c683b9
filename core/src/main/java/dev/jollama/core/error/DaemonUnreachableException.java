package dev.jollama.core.error;

import java.net.URI;
import java.time.Duration;

/**
 * No answer came from the daemon: the connection was refused, dropped before the status line, or
 * never made. Each factory says which, since "start it with `ollama serve`" is only true of the first.
 */
public class DaemonUnreachableException extends JollamaException {

    /** Why no answer came: each has its own advice for the user and its own retry rule. */
    public enum Reason {
        /** Nothing listens on the port: the daemon is not running. */
        REFUSED,
        /** A connection was made, then closed or reset before the first byte of an answer. */
        DROPPED,
        /** No answer to the connection attempt within the connect timeout: a host that drops packets. */
        CONNECT_TIMEOUT,
        /** The host name does not resolve. */
        UNKNOWN_HOST,
        /** Anything else before an answer: TLS, a peer that does not speak HTTP. */
        OTHER
    }

    private final URI host;
    private final boolean retriable;
    private final Reason reason;

    protected DaemonUnreachableException(URI host, String message, Throwable cause, boolean retriable) {
        this(host, Reason.OTHER, message, cause, retriable);
    }

    private DaemonUnreachableException(URI host, Reason reason, String message, Throwable cause, boolean retriable) {
        super(message, cause);
        this.host = host;
        this.reason = reason;
        this.retriable = retriable;
    }

    public static DaemonUnreachableException refused(URI host, Throwable cause) {
        return new DaemonUnreachableException(
                host,
                Reason.REFUSED,
                "Ollama is not reachable at " + shown(host) + ": start it with `ollama serve`",
                cause,
                true);
    }

    /**
     * The same failure told of an OpenAI-compatible engine: it is not Ollama, and `ollama serve` is
     * no advice for it. Only a refusal's words differ; the reason and retriability stay.
     */
    public DaemonUnreachableException forEngine() {
        String engine = "the OpenAI-compatible server at " + shown(host);
        String message;
        if (reason == Reason.REFUSED) {
            message = engine + " is not reachable (connection refused): is it running, and is this its /v1 address?";
        } else if (getMessage() != null && getMessage().startsWith("Ollama at " + shown(host))) {
            message = engine + getMessage().substring(("Ollama at " + shown(host)).length());
        } else {
            return this;
        }
        return new DaemonUnreachableException(host, reason, message, getCause(), retriable);
    }

    public static DaemonUnreachableException dropped(URI host, Throwable cause) {
        return new DaemonUnreachableException(
                host,
                Reason.DROPPED,
                "Ollama at " + shown(host) + " closed the connection without answering (it is running, but dropped the"
                        + " request: see its log)",
                cause,
                true);
    }

    /** Not retried: the attempt already waited out the whole connect timeout. */
    public static DaemonUnreachableException connectTimeout(URI host, Duration timeout, Throwable cause) {
        return new DaemonUnreachableException(
                host,
                Reason.CONNECT_TIMEOUT,
                "Ollama at " + shown(host) + " did not accept a connection within "
                        + dev.jollama.core.text.Durations.human(timeout)
                        + " (connect timeout): check the address, the network and any firewall",
                cause,
                false);
    }

    /** Something answered, but not in HTTP: not an Ollama daemon, or not at this port. */
    public static DaemonUnreachableException notHttp(URI host, Throwable cause) {
        return new DaemonUnreachableException(
                host,
                Reason.OTHER,
                shown(host) + " answered something that is not HTTP: check that Ollama listens at this address",
                cause,
                false);
    }

    public static DaemonUnreachableException unknownHost(URI host) {
        return new DaemonUnreachableException(
                host,
                Reason.UNKNOWN_HOST,
                "cannot find the host of " + shown(host) + ": check the name in --host or OLLAMA_HOST",
                null,
                false);
    }

    public URI host() {
        return host;
    }

    /** The address as a message quotes it: an absurdly long one shortened. */
    private static String shown(URI host) {
        return dev.jollama.core.text.Excerpt.of(String.valueOf(host));
    }

    public Reason reason() {
        return reason;
    }

    /** Connection refused or reset before a byte of the answer arrived: safe to send again. */
    @Override
    public boolean isRetriable() {
        return retriable;
    }
}
