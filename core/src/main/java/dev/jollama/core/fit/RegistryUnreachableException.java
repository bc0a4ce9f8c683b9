package dev.jollama.core.fit;

import dev.jollama.core.error.DaemonUnreachableException;
import java.net.URI;

/** The model registry (or its CDN) could not be reached or did not answer usably. */
public final class RegistryUnreachableException extends DaemonUnreachableException {

    RegistryUnreachableException(URI where, DaemonUnreachableException cause) {
        this(
                where,
                "the model registry at " + where.getScheme() + "://" + where.getRawAuthority()
                        + " cannot be reached ("
                        + cause.reason()
                                .name()
                                .toLowerCase(java.util.Locale.ROOT)
                                .replace('_', ' ')
                        + "): check the network, or set JOLLAMA_REGISTRY to a mirror",
                cause);
    }

    RegistryUnreachableException(URI where, String message, Throwable cause) {
        super(where, message, cause, false);
    }
}
