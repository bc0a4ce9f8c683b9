package dev.jollama.cli.command;

import dev.jollama.cli.option.JsonOption;
import dev.jollama.cli.render.Console;
import dev.jollama.cli.render.HumanUnits;
import dev.jollama.cli.render.Table;
import dev.jollama.core.daemon.InstalledModel;
import dev.jollama.core.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** The installed models. */
@Command(name = "list", aliases = "ls", description = "List the models installed in the daemon.")
public final class ListCommand implements Callable<Integer> {

    @ParentCommand
    JollamaCommand root;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() {
        Console console = root.console();
        List<InstalledModel> models = root.services().daemon().listModels();
        if (json.json) {
            console.println(Json.pretty(models));
            return 0;
        }
        Instant now = root.services().env().clock().instant();
        Table table = new Table("NAME", "SIZE", "PARAMS", "QUANT", "MODIFIED");
        for (InstalledModel m : models) {
            table.row(
                    m.name(),
                    HumanUnits.bytes(m.size()),
                    m.details() != null ? m.details().parameterSize() : "",
                    m.details() != null ? m.details().quantizationLevel() : "",
                    HumanUnits.ago(m.modifiedAt(), now));
        }
        console.print(table.render());
        return 0;
    }
}
