package dev.jollama.core.client;

import dev.jollama.core.mcp.McpServerSpec;
import dev.jollama.core.tools.Tool;
import dev.jollama.core.tools.ToolSet;
import dev.jollama.core.tools.builtin.BuiltinTools;
import dev.jollama.core.tools.builtin.Workspace;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Where a command's tools come from: the built-in ones, confined to the workspace, and the configured
 * MCP servers' — started only when a pattern names one of their tools, once per process.
 */
final class ToolCatalog implements ToolSet.Source {

    private final Path workspace;
    private final Supplier<Map<String, McpServerSpec>> servers;
    private final Map<String, String> environment;
    private Map<String, Tool> builtins;
    private Map<String, McpServerSpec> specs;
    private Map<String, Tool> mcpTools;

    ToolCatalog(Path workspace, Supplier<Map<String, McpServerSpec>> servers, Map<String, String> environment) {
        this.workspace = workspace;
        this.servers = servers;
        this.environment = environment;
    }

    @Override
    public Map<String, Tool> builtins() {
        if (builtins == null) {
            builtins = BuiltinTools.all(Workspace.of(workspace));
        }
        return builtins;
    }

    @Override
    public Set<String> mcpServers() {
        if (specs == null) {
            specs = servers.get();
        }
        return specs.keySet();
    }

    @Override
    public Map<String, Tool> mcpTools() {
        if (mcpTools == null) {
            mcpServers();
            // In a class of its own: the SDK and Reactor load only here, never for a command without MCP.
            mcpTools = McpToolStart.tools(specs, environment);
        }
        return mcpTools;
    }
}
