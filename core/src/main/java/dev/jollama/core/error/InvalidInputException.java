package dev.jollama.core.error;

/** A value typed by the user that jollama cannot use: a usage error, fixed by changing the command. */
public final class InvalidInputException extends JollamaException {

    public InvalidInputException(String message) {
        super(message, null);
    }
}
