package dev.jollama.cli.command;

import dev.jollama.cli.completion.DynamicValues;
import dev.jollama.cli.option.JsonOption;
import dev.jollama.cli.render.Console;
import dev.jollama.cli.render.ModelInfoView;
import dev.jollama.cli.render.Table;
import dev.jollama.core.daemon.ModelInfo;
import dev.jollama.core.json.Json;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** A model's details: what it is, what it can do, how it is configured. */
@Command(name = "show", description = "Show a model's details, capabilities and parameters.")
public final class ShowCommand implements Callable<Integer> {

    @ParentCommand
    JollamaCommand root;

    @Mixin
    JsonOption json;

    @Option(names = "--modelfile", description = "Print the model's Modelfile instead.")
    boolean modelfile;

    @Parameters(
            paramLabel = "MODEL",
            completionCandidates = DynamicValues.ModelOrProfile.class,
            description = "A model tag or a profile name.")
    String model;

    @Override
    public Integer call() {
        Console console = root.console();
        root.services().client().requireOllama("`show`");
        ModelInfo info = root.services()
                .client()
                .daemon()
                .show(root.services().config().resolve(model).model());
        if (json.json) {
            console.println(Json.pretty(info));
            return 0;
        }
        if (modelfile) {
            console.println(info.modelfile() == null ? "" : info.modelfile().stripTrailing());
            return 0;
        }
        console.print(ModelInfoView.render(info));
        if (info.runsElsewhere()) {
            // A cloud model: nothing of it is on this machine, and model_info is empty.
            StringBuilder out = new StringBuilder();
            out.append(System.lineSeparator()).append("  Runs on").append(System.lineSeparator());
            Table remote = new Table("    host", info.remoteHost());
            if (info.remoteModel() != null && !info.remoteModel().isEmpty()) {
                remote.row("    model", info.remoteModel());
            }
            out.append(remote.render());
            console.print(out.toString());
        }
        return 0;
    }
}
