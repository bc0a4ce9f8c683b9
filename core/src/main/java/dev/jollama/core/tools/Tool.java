package dev.jollama.core.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.core.daemon.ToolSpec;
import dev.jollama.core.http.Cancellation;

/**
 * Something the model may ask jollama to do: a built-in tool or one of an MCP server's. A tool never
 * runs without an approval ({@link ToolPolicy}); what the user is shown before it runs is its
 * {@link #preview}. A tool throws nothing for a failure the model should hear about: it returns an
 * error {@link ToolResult}, which goes back to the model as the call's result.
 */
public interface Tool {

    /** The name the model calls it by: a built-in's name, or {@code SERVER__TOOL} for MCP. */
    String name();

    /** What is offered to the model: name, description, JSON schema of the arguments. */
    ToolSpec spec();

    /**
     * What the user sees before approving: the arguments pretty-printed, the diff a write would make,
     * the exact command a shell would run. Must not act.
     */
    ToolPreview preview(JsonNode arguments);

    /**
     * Runs the call. Stops promptly when {@code cancellation} fires (Ctrl-C, a timeout): a process is
     * killed with its whole group, a request's socket closed.
     *
     * @param arguments a JSON object (the loop refuses malformed arguments before a tool sees them)
     */
    ToolResult call(JsonNode arguments, Cancellation cancellation);
}
