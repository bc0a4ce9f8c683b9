package dev.jollama.cli.command;

import dev.jollama.cli.completion.DynamicValues;
import dev.jollama.cli.render.Console;
import dev.jollama.core.error.ExitCode;
import dev.jollama.core.error.ModelNotFoundException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Removes models; a missing one is reported and the others are still removed. */
@Command(name = "rm", description = "Remove one or more models from the daemon.")
public final class RmCommand implements Callable<Integer> {

    @ParentCommand
    JollamaCommand root;

    @Parameters(
            arity = "1..*",
            paramLabel = "MODEL",
            completionCandidates = DynamicValues.ModelOrProfile.class,
            description = "Model tags or profile names.")
    List<String> models;

    @Override
    public Integer call() {
        Console console = root.console();
        int exit = 0;
        for (String name : models) {
            String model = root.services().config().resolve(name).model();
            try {
                root.services().client().daemon().delete(model);
                console.info("deleted '" + model + "'");
            } catch (ModelNotFoundException e) {
                console.note("model '" + model + "' not found: nothing to remove (see `jollama list`)");
                exit = ExitCode.MODEL_NOT_FOUND.code();
            }
        }
        return exit;
    }
}
