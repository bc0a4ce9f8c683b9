package dev.jollama.cli.command;

import dev.jollama.cli.Interrupts;
import dev.jollama.cli.render.Console;
import dev.jollama.core.error.ExitCode;
import dev.jollama.core.http.Cancellation;
import dev.jollama.core.tools.ToolResult;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Calls one tool of one MCP server by hand: the result on stdout, as the model would get it. */
@Command(
        name = "call",
        description = "Call a tool of an MCP server by hand; its result goes to stdout (exit 1 if it says it failed).")
public final class McpCallCommand implements Callable<Integer> {

    @ParentCommand
    McpCommand parent;

    @Parameters(index = "0", paramLabel = "SERVER", description = "The server's name in \"mcpServers\".")
    String server;

    @Parameters(
            index = "1",
            paramLabel = "TOOL",
            description = "The tool's name (as `jollama mcp list` shows it, without SERVER__).")
    String tool;

    @Parameters(
            index = "2",
            arity = "0..1",
            paramLabel = "JSON",
            description = "The arguments, a JSON object (default: {}).")
    String arguments = "{}";

    @Override
    public Integer call() throws Exception {
        var root = parent.root();
        Console console = root.console();
        Cancellation cancellation = new Cancellation();
        ToolResult result;
        try (AutoCloseable interrupt = Interrupts.cancelOnInterrupt(cancellation)) {
            result = root.services().client().mcpCall(parent.mcpConfig, server, tool, arguments, cancellation);
        }
        if (result.error()) {
            // Its own words, on stderr as every failure is: stdout stays for results.
            console.note("MCP tool " + server + "__" + tool + " failed: " + console.forErr(result.content()));
            return ExitCode.DAEMON_ERROR.code();
        }
        console.println(result.content());
        return 0;
    }
}
