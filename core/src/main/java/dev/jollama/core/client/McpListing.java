package dev.jollama.core.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.error.JollamaException;
import dev.jollama.core.http.Cancellation;
import dev.jollama.core.json.Json;
import dev.jollama.core.mcp.McpServerSpec;
import dev.jollama.core.mcp.McpServers;
import dev.jollama.core.mcp.McpTool;
import dev.jollama.core.tools.Tool;
import dev.jollama.core.tools.ToolResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code jollama mcp list} and {@code jollama mcp call}: the servers started, their tools listed or one
 * called by hand. Loaded only by those commands, so the MCP SDK stays off every other path.
 */
public final class McpListing {

    /** One server: started ("ready") or not ("failed", with why). */
    public record Server(String name, String state, String error, List<ToolEntry> tools) {}

    /** One tool as the model is offered it. */
    public record ToolEntry(String name, String tool, String description, JsonNode inputSchema) {}

    private McpListing() {}

    static List<Server> list(Map<String, McpServerSpec> specs, Map<String, String> environment) {
        List<Server> out = new ArrayList<>();
        try (McpServers servers = new McpServers(specs, environment)) {
            for (String name : servers.names()) {
                try {
                    List<ToolEntry> tools = new ArrayList<>();
                    for (Tool tool : servers.tools(name)) {
                        tools.add(new ToolEntry(
                                tool.name(),
                                own(tool),
                                tool.spec().description(),
                                tool.spec().parameters()));
                    }
                    out.add(new Server(name, "ready", null, tools));
                } catch (JollamaException e) {
                    out.add(new Server(name, "failed", e.getMessage(), List.of()));
                }
            }
        }
        return out;
    }

    /** The tool's name on its server ({@code read_text_file}), not the model's {@code fs__read_text_file}. */
    private static String own(Tool tool) {
        return tool instanceof McpTool mcp ? mcp.toolName() : tool.name();
    }

    static ToolResult call(
            Map<String, McpServerSpec> specs,
            Map<String, String> environment,
            String server,
            String toolName,
            String arguments,
            Cancellation cancellation) {
        if (!specs.containsKey(server)) {
            throw new InvalidInputException("no MCP server '" + server + "'"
                    + (specs.isEmpty()
                            ? ": none is configured"
                            : "; configured: " + String.join(", ", specs.keySet())));
        }
        JsonNode args;
        try {
            args = Json.readTree(arguments.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            args = null;
        }
        if (args == null || !args.isObject()) {
            throw new InvalidInputException("the arguments must be a JSON object, like '{\"path\": \"notes.txt\"}',"
                    + " not " + (arguments.length() > 80 ? arguments.substring(0, 80) + "…" : arguments));
        }
        try (McpServers servers = new McpServers(Map.of(server, specs.get(server)), environment)) {
            List<Tool> tools = servers.tools(server);
            for (Tool tool : tools) {
                if (own(tool).equals(toolName) || tool.name().equals(toolName)) {
                    return tool.call(args, cancellation);
                }
            }
            throw new InvalidInputException("server '" + server + "' has no tool '" + toolName + "'; it has: "
                    + String.join(", ", tools.stream().map(McpListing::own).toList()));
        }
    }
}
