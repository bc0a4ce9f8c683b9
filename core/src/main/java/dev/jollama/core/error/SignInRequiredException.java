package dev.jollama.core.error;

/**
 * A cloud model was asked for while the daemon is not signed in to ollama.com: Ollama's 401 with the
 * link that signs this daemon's machine in. Not retriable: nothing changes until the user signs in.
 */
public final class SignInRequiredException extends JollamaException {

    private final String signinUrl;

    /** {@code signinUrl}: the daemon's link, or null when it sent none (or one that is not an https address). */
    public SignInRequiredException(String signinUrl) {
        super(
                signinUrl != null
                        ? "not signed in to ollama.com: sign in at " + signinUrl
                                + " (or run `ollama signin` where the daemon runs)"
                        : "not signed in to ollama.com: run `ollama signin` where the daemon runs",
                null);
        this.signinUrl = signinUrl;
    }

    public String signinUrl() {
        return signinUrl;
    }
}
