package dev.jollama.core.error;

/**
 * Base of every failure jollama reports to a user: each subtype says what went wrong in words a user
 * can act on, and whether trying the same call again could help.
 */
public abstract class JollamaException extends RuntimeException {

    protected JollamaException(String message, Throwable cause) {
        super(message, cause);
    }

    /** True when the same request may succeed if sent again unchanged, and nothing was shown yet. */
    public boolean isRetriable() {
        return false;
    }
}
