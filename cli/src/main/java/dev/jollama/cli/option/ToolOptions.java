package dev.jollama.cli.option;

import dev.jollama.cli.completion.DynamicValues;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Letting the model act: which tools it is offered, which run without asking, how far it may go. */
public final class ToolOptions {

    public static final int DEFAULT_MAX_STEPS = 10;

    @Option(
            names = {"-T", "--tool"},
            paramLabel = "NAME",
            completionCandidates = DynamicValues.Tool.class,
            description = "Offer a tool to the model, repeatable: a built-in (read_file, list_files, grep, write_file,"
                    + " edit_file, shell, fetch_url), an MCP server's SERVER__TOOL, a glob (fs__*), or mcp for every"
                    + " MCP tool. None is offered unless asked.")
    public List<String> tools = new ArrayList<>();

    @Option(
            names = "--allow",
            paramLabel = "NAME",
            description = "Let this tool run without asking, repeatable (globs; '*' allows every tool). Without a"
                    + " terminal to ask on, a call not allowed is refused: nothing runs, exit 6.")
    public List<String> allow = new ArrayList<>();

    @Option(
            names = "--max-steps",
            paramLabel = "N",
            defaultValue = "" + DEFAULT_MAX_STEPS,
            description = "The most rounds of tool calls before the model must answer (default: ${DEFAULT-VALUE}).")
    public int maxSteps;

    @Option(
            names = "--workspace",
            paramLabel = "DIR",
            description = "The folder the file tools are confined to (default: the current directory).")
    public Path workspace;

    @Option(
            names = "--mcp-config",
            paramLabel = "FILE",
            description = "Read MCP servers from this file as it is (Claude Desktop's or Cursor's \"mcpServers\"),"
                    + " instead of the config file's.")
    public Path mcpConfig;

    /** True when any tool was asked for here (a profile may add its own). */
    public boolean any() {
        return !tools.isEmpty();
    }
}
