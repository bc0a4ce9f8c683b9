package dev.jollama.core.error;

/** A configuration file, option or value that jollama cannot use; the message names where and why. */
public final class InvalidConfigException extends JollamaException {

    public InvalidConfigException(String message) {
        super(message, null);
    }

    public InvalidConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
