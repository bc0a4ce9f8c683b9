package dev.jollama.cli.command;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;

/** The MCP servers of the config (or of --mcp-config), for trying them by hand. */
@Command(
        name = "mcp",
        description = {
            "The MCP servers whose tools the model may call (\"mcpServers\" in the config file, or --mcp-config).",
            "`jollama mcp list` starts them and lists their tools; `jollama mcp call` calls one by hand."
        },
        subcommands = {McpListCommand.class, McpCallCommand.class})
public final class McpCommand implements Runnable {

    @ParentCommand
    JollamaCommand root;

    @Option(
            names = "--mcp-config",
            scope = ScopeType.INHERIT,
            paramLabel = "FILE",
            description = "Read the servers from this file as it is (Claude Desktop's or Cursor's \"mcpServers\"),"
                    + " instead of the config file's.")
    Path mcpConfig;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    JollamaCommand root() {
        return root;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new dev.jollama.core.error.InvalidInputException(null);
    }
}
