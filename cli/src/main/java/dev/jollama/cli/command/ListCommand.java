package dev.jollama.cli.command;

import dev.jollama.cli.option.JsonOption;
import dev.jollama.cli.render.Console;
import dev.jollama.cli.render.HumanUnits;
import dev.jollama.cli.render.Table;
import dev.jollama.core.daemon.InstalledModel;
import dev.jollama.core.hosts.HostedModel;
import dev.jollama.core.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** The installed models. */
@Command(
        name = "list",
        aliases = "ls",
        description = "List the models installed in the daemon (each host's, with several; an engine's served models).")
public final class ListCommand implements Callable<Integer> {

    @ParentCommand
    JollamaCommand root;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() {
        Console console = root.console();
        var daemon = root.services().client().daemon();
        boolean several = !daemon.pool().isSingle();
        List<HostedModel> models = daemon.listPerHost((host, e) -> console.warn(
                "host " + host.name() + " is not answering, its models are not listed: " + e.getMessage()));
        if (json.json) {
            console.println(Json.pretty(models));
            return 0;
        }
        Instant now = root.services().env().clock().instant();
        Table table = several
                ? new Table("HOST", "NAME", "SIZE", "PARAMS", "QUANT", "MODIFIED")
                : new Table("NAME", "SIZE", "PARAMS", "QUANT", "MODIFIED");
        for (HostedModel hosted : models) {
            InstalledModel m = hosted.model();
            List<String> cells = new java.util.ArrayList<>(List.of(
                    m.name(),
                    size(m),
                    m.details() != null ? m.details().parameterSize() : "",
                    m.details() != null ? m.details().quantizationLevel() : "",
                    m.modifiedAt() != null ? HumanUnits.ago(m.modifiedAt(), now) : ""));
            if (several) {
                cells.add(0, hosted.host());
            }
            table.row(cells.toArray(String[]::new));
        }
        console.print(table.render());
        return 0;
    }

    /** A model that runs elsewhere has nothing here but a stub: where it runs, not the stub's bytes. */
    private static String size(InstalledModel m) {
        if (m.runsElsewhere()) {
            return m.remoteHost() == null || m.remoteHost().contains("ollama.com") ? "cloud" : "remote";
        }
        return m.size() > 0 ? HumanUnits.bytes(m.size()) : "-";
    }
}
