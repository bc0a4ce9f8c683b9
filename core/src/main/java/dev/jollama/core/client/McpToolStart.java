package dev.jollama.core.client;

import dev.jollama.core.mcp.McpServerSpec;
import dev.jollama.core.mcp.McpServers;
import dev.jollama.core.tools.Tool;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Starts the configured MCP servers and lists their tools. Kept apart from {@link ToolCatalog} so that
 * the MCP SDK and Reactor are loaded only when a server is used; the servers stop at exit.
 */
final class McpToolStart {

    private McpToolStart() {}

    static Map<String, Tool> tools(Map<String, McpServerSpec> specs, Map<String, String> environment) {
        McpServers servers = new McpServers(specs, environment);
        Map<String, Tool> out = new LinkedHashMap<>();
        for (Tool tool : servers.tools()) {
            out.put(tool.name(), tool);
        }
        return out;
    }
}
