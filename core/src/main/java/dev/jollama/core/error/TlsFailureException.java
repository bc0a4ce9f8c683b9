package dev.jollama.core.error;

import java.net.URI;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * The TLS handshake with an https daemon failed: an untrusted certificate, a name that does not match
 * it, or a server that does not speak TLS. Sending again cannot help, so it is never retried.
 */
public final class TlsFailureException extends DaemonUnreachableException {

    public TlsFailureException(URI host, SSLException cause) {
        super(host, message(host, cause), cause, false);
    }

    public TlsFailureException(URI host, String message, Throwable cause) {
        super(host, message, cause, false);
    }

    private static String message(URI host, SSLException e) {
        String detail = String.valueOf(e.getMessage());
        if (detail.contains("PKIX") || detail.contains("certification path")) {
            return "the TLS certificate of " + host + " is not trusted by this Java: import its CA into a trust"
                    + " store and pass JOLLAMA_JAVA_OPTS=-Djavax.net.ssl.trustStore=FILE (security.md in the documentation; jollama --help says where)";
        }
        if (detail.contains("No subject alternative") || detail.contains("doesn't match")) {
            return "the TLS certificate of " + host + " is for another name (" + detail + "): use the name the"
                    + " certificate was issued for";
        }
        if (!(e instanceof SSLHandshakeException) && detail.contains("plaintext")
                || detail.contains("Unsupported or unrecognized SSL message")) {
            return host + " does not speak TLS: use http:// for this daemon";
        }
        return "TLS with " + host + " failed: " + detail;
    }
}
