package dev.jollama.core.error;

import java.net.URI;

/**
 * Something answers in HTTP at the daemon's address, but it is not the daemon: a web server's page, a
 * proxy's error page. As good as no daemon there (exit 69), and never worth another try.
 */
public final class NotTheEngineException extends DaemonUnreachableException {

    public NotTheEngineException(URI host, String message) {
        super(host, message, null, false);
    }
}
