package dev.jollama.cli.option;

import picocli.CommandLine.Option;

/** {@code --json}: the result as JSON on stdout, with field names that stay stable for scripts. */
public final class JsonOption {

    @Option(
            names = "--json",
            description = "Print the result as JSON (stable field names, see "
                    + dev.jollama.cli.command.JollamaCommand.DOCS + "/json.md).")
    public boolean json;
}
