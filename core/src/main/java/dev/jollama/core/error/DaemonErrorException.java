package dev.jollama.core.error;

import dev.jollama.core.text.Excerpt;

/**
 * The daemon answered with an error: its HTTP status (200 when the error arrived mid-stream) and its
 * own text, kept verbatim because it is usually the most precise explanation there is. The message
 * quotes at most {@link Excerpt#DAEMON_TEXT} characters of it, so that it stays one line.
 */
public final class DaemonErrorException extends JollamaException {

    /** The one status Ollama uses for "try again later": its request queue is full. */
    public static final int SERVER_BUSY = 503;

    public static final int TOO_MANY_REQUESTS = 429;

    private final int status;
    private final String daemonMessage;

    public DaemonErrorException(int status, String daemonMessage) {
        this(status, daemonMessage, "");
    }

    /** {@code note}: jollama's words after the daemon's, such as that the answer is incomplete. */
    public DaemonErrorException(int status, String daemonMessage, String note) {
        this(status, "Ollama", daemonMessage, note);
    }

    /** {@code speaker}: who said it, such as "Ollama" or an OpenAI-compatible engine's address. */
    public DaemonErrorException(int status, String speaker, String daemonMessage, String note) {
        super(Excerpt.of(speaker) + ": " + Excerpt.of(daemonMessage, Excerpt.DAEMON_TEXT) + note, null);
        this.status = status;
        this.daemonMessage = daemonMessage;
    }

    public int status() {
        return status;
    }

    public String daemonMessage() {
        return daemonMessage;
    }

    @Override
    public boolean isRetriable() {
        // 503 is Ollama's full queue; OpenAI-compatible engines also say 429 for "too many now".
        return status == SERVER_BUSY || status == TOO_MANY_REQUESTS;
    }
}
