package dev.jollama.core.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.jollama.core.daemon.ToolSpec;
import dev.jollama.core.http.Cancellation;
import dev.jollama.core.tools.Tool;
import dev.jollama.core.tools.ToolPreview;
import dev.jollama.core.tools.ToolResult;

/**
 * A tool of an MCP server, offered to the model as {@code SERVER__TOOL} (the server's name in {@code
 * mcpServers}, two underscores, the tool's name with anything but letters, digits, {@code -} and
 * {@code _} made {@code _}, as Ollama and OpenAI-compatible engines want function names).
 */
public final class McpTool implements Tool {

    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int SUMMARY_ARGUMENTS = 60;

    private final String server;
    private final String tool;
    private final String name;
    private final ToolSpec spec;
    private final McpConnection connection;

    McpTool(String server, String tool, String description, JsonNode parameters, McpConnection connection) {
        this.server = server;
        this.tool = tool;
        this.name = server + "__" + tool.replaceAll("[^A-Za-z0-9_-]", "_");
        this.spec = new ToolSpec(name, description, parameters);
        this.connection = connection;
    }

    @Override
    public String name() {
        return name;
    }

    /** The server's name in {@code mcpServers}. */
    public String server() {
        return server;
    }

    /** The tool's name on its server. */
    public String toolName() {
        return tool;
    }

    @Override
    public ToolSpec spec() {
        return spec;
    }

    @Override
    public ToolPreview preview(JsonNode arguments) {
        String compact = arguments == null ? "{}" : arguments.toString();
        if (compact.length() > SUMMARY_ARGUMENTS) {
            compact = compact.substring(0, SUMMARY_ARGUMENTS) + "…";
        }
        String pretty;
        try {
            pretty = PRETTY.writeValueAsString(arguments == null ? PRETTY.createObjectNode() : arguments);
        } catch (JsonProcessingException e) {
            pretty = compact;
        }
        return new ToolPreview(name + " " + compact, pretty, name);
    }

    @Override
    public ToolResult call(JsonNode arguments, Cancellation cancellation) {
        return connection.call(tool, arguments, cancellation);
    }

    @Override
    public String toString() {
        return name;
    }
}
