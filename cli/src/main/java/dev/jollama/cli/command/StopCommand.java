package dev.jollama.cli.command;

import dev.jollama.cli.completion.DynamicValues;
import dev.jollama.cli.render.Console;
import dev.jollama.core.error.ModelNotFoundException;
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
        var daemon = root.services().client().daemon();
        String full = tag.contains(":") ? tag : tag + ":latest";
        boolean loaded = daemon.runningModels().stream()
                .anyMatch(m -> full.equals(m.name()) || full.equals(m.model()) || tag.equals(m.name()));
        if (!loaded) {
            try {
                daemon.show(tag);
            } catch (ModelNotFoundException missing) {
                throw new ModelNotFoundException(
                        tag,
                        "model '" + tag + "' is not installed, so not loaded: nothing to stop (`jollama list`"
                                + " shows the installed models)");
            }
            console.info("'" + tag + "' is not loaded: nothing to stop (`jollama ps` shows what is)");
            return 0;
        }
        daemon.unload(tag);
        console.info("stopped '" + tag + "'");
        return 0;
    }
}
