package dev.jollama.cli.command;

import dev.jollama.cli.completion.DynamicValues;
import dev.jollama.cli.render.Console;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Unloads a model from memory now instead of waiting for its keep-alive. */
@Command(name = "stop", description = "Unload a model from memory now.")
public final class StopCommand implements Callable<Integer> {

    @ParentCommand
    JollamaCommand root;

    @Parameters(
            paramLabel = "MODEL",
            completionCandidates = DynamicValues.ModelOrProfile.class,
            description = "A model tag or a profile name.")
    String model;

    @Override
    public Integer call() {
        Console console = root.console();
        String tag = root.services().config().resolve(model).model();
        if (dev.jollama.core.daemon.ModelRef.isCloud(tag)) {
            console.info("nothing to stop: '" + tag + "' runs on ollama.com");
            return 0;
        }
        root.services().client().daemon().unload(tag);
        console.info("stopped '" + tag + "'");
        return 0;
    }
}
