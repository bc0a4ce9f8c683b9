package dev.jollama.cli.command;

import dev.jollama.cli.option.JsonOption;
import dev.jollama.cli.render.Console;
import dev.jollama.cli.render.HumanUnits;
import dev.jollama.cli.render.Table;
import dev.jollama.core.daemon.ModelRef;
import dev.jollama.core.daemon.RunningModel;
import dev.jollama.core.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** The models loaded in memory, and where they run. */
@Command(name = "ps", description = "List the models loaded in memory and where they run.")
public final class PsCommand implements Callable<Integer> {

    @ParentCommand
    JollamaCommand root;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() {
        Console console = root.console();
        List<RunningModel> models = root.services().client().daemon().runningModels();
        if (json.json) {
            console.println(Json.pretty(models));
            return 0;
        }
        Instant now = root.services().env().clock().instant();
        Table table = new Table("NAME", "SIZE", "PROCESSOR", "CONTEXT", "UNTIL");
        for (RunningModel m : models) {
            table.row(
                    m.name(),
                    ModelRef.isCloud(m.name()) ? "-" : HumanUnits.bytes(m.size()),
                    processor(m),
                    m.contextLength() != null ? m.contextLength().toString() : "",
                    HumanUnits.until(m.expiresAt(), now));
        }
        console.print(table.render());
        return 0;
    }

    /** "100% GPU", "100% CPU" or the split, as the ollama CLI shows it; "ollama.com" for a cloud model. */
    static String processor(RunningModel m) {
        if (ModelRef.isCloud(m.name())) {
            return "ollama.com";
        }
        int gpu = m.gpuPercent();
        if (gpu >= 100) {
            return "100% GPU";
        }
        if (gpu <= 0) {
            return "100% CPU";
        }
        return (100 - gpu) + "%/" + gpu + "% CPU/GPU";
    }
}
