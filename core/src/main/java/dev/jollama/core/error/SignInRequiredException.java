package dev.jollama.core.error;

/**
 * A cloud model was asked for while the daemon is not signed in to ollama.com: Ollama's 401 with the
 * link that signs this daemon's machine in. Not retriable: nothing changes until the user signs in.
 */
public final class SignInRequiredException extends JollamaException {

    private final String signinUrl;

    /**
     * {@code signinUrl}: the daemon's link, or null when it sent none; one that is not a plain https address
     * (printable ASCII, no blanks, not endless) is not offered as a place to sign in, and counts as none.
     */
    public SignInRequiredException(String signinUrl) {
        super(message(link(signinUrl)), null);
        this.signinUrl = link(signinUrl);
    }

    private static String link(String url) {
        boolean plain = url != null
                && url.startsWith("https://")
                && url.length() <= 2048
                && url.chars().allMatch(c -> c > 0x20 && c < 0x7f);
        return plain ? url : null;
    }

    private static String message(String link) {
        return link != null
                ? "not signed in to ollama.com: sign in at " + link + " (or run `ollama signin` where the daemon runs)"
                : "not signed in to ollama.com: run `ollama signin` where the daemon runs";
    }

    /** The link the daemon gave, or null. */
    public String signinUrl() {
        return signinUrl;
    }
}
