package dev.jollama.cli.command;

import dev.jollama.cli.option.JsonOption;
import dev.jollama.cli.render.Console;
import dev.jollama.core.client.McpListing;
import dev.jollama.core.json.Json;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** Every configured MCP server, whether it starts, and its tools with their input schemas. */
@Command(
        name = "list",
        description = "Start each MCP server and list its tools (as the model sees them: SERVER__TOOL).")
public final class McpListCommand implements Callable<Integer> {

    @ParentCommand
    McpCommand parent;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() {
        var root = parent.root();
        Console console = root.console();
        List<McpListing.Server> servers = root.services().client().mcpListing(parent.mcpConfig);
        if (json.json) {
            console.println(Json.pretty(servers));
        } else if (servers.isEmpty()) {
            console.note("no MCP servers are configured: add \"mcpServers\" to the config file (jollama config edit),"
                    + " or give --mcp-config FILE");
        } else {
            for (McpListing.Server server : servers) {
                console.println(server.name() + "  " + server.state());
                if (server.error() != null) {
                    console.note(console.forErr(server.error()));
                }
                for (McpListing.ToolEntry tool : server.tools()) {
                    console.println("  " + tool.name() + "  " + firstLine(tool.description()));
                }
            }
        }
        return servers.stream().anyMatch(s -> s.error() != null) ? 1 : 0;
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        String first = text.lines().findFirst().orElse("");
        return first.length() > 100 ? first.substring(0, 100) + "…" : first;
    }
}
