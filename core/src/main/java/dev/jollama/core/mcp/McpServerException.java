package dev.jollama.core.mcp;

import dev.jollama.core.error.JollamaException;
import dev.jollama.core.text.Durations;
import java.time.Duration;
import java.util.List;

/**
 * An MCP server could not be used: its program did not start, exited, did not answer in time, or broke
 * the protocol. One error per server, naming it, with the last lines it wrote to stderr (where servers
 * say why they fail). Never retried: a server is started once per process.
 */
public final class McpServerException extends JollamaException {

    private final String server;

    private McpServerException(String server, String message, Throwable cause) {
        super(message, cause);
        this.server = server;
    }

    /** The server's name in {@code mcpServers}. */
    public String server() {
        return server;
    }

    static McpServerException cannotRun(String server, String command, Exception cause) {
        return new McpServerException(
                server, "MCP server '" + server + "': cannot run " + command + ": " + cause.getMessage(), cause);
    }

    static McpServerException exited(String server, int status, boolean started, List<String> stderr) {
        return new McpServerException(
                server,
                "MCP server '" + server + "' exited with status " + status + (started ? "" : " before it answered")
                        + lastLines(stderr),
                null);
    }

    static McpServerException noAnswer(String server, Duration waited, List<String> stderr) {
        return new McpServerException(
                server,
                "MCP server '" + server + "' did not answer within " + Durations.human(waited)
                        + ", so it was stopped (\"startTimeout\": \"2m\" in its entry waits longer)"
                        + lastLines(stderr),
                null);
    }

    static McpServerException brokeProtocol(String server, String what, List<String> stderr) {
        return new McpServerException(server, "MCP server '" + server + "' " + what + lastLines(stderr), null);
    }

    static McpServerException failed(String server, String what, Throwable cause, List<String> stderr) {
        return new McpServerException(server, "MCP server '" + server + "': " + what + lastLines(stderr), cause);
    }

    private static String lastLines(List<String> stderr) {
        if (stderr.isEmpty()) {
            return "";
        }
        return "; the last lines of its stderr:\n  " + String.join("\n  ", stderr);
    }
}
