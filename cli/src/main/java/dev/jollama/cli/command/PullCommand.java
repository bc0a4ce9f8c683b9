package dev.jollama.cli.command;

import dev.jollama.cli.Interrupts;
import dev.jollama.cli.completion.DynamicValues;
import dev.jollama.cli.render.Console;
import dev.jollama.cli.render.PullProgressView;
import dev.jollama.core.http.Cancellation;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Downloads a model with progress on stderr; Ctrl-C stops the download. */
@Command(name = "pull", description = "Download a model from the Ollama library.")
public final class PullCommand implements Callable<Integer> {

    @ParentCommand
    JollamaCommand root;

    @Parameters(
            paramLabel = "MODEL",
            completionCandidates = DynamicValues.ModelOrProfile.class,
            description = "A model tag (llama3.2, phi3:mini) or a profile name.")
    String model;

    @picocli.CommandLine.Option(
            names = "--force",
            description = "Download even if the fit check says the model will not fit (exit 5 otherwise).")
    boolean force;

    @Override
    public Integer call() throws Exception {
        Console console = root.console();
        root.services().client().requireOllama("`pull`");
        String tag = root.services().config().resolve(model).model();
        PullProgressView view =
                new PullProgressView(console, root.services().env().clock());
        FitGate.beforePull(root, tag, force);
        Cancellation cancellation = new Cancellation();
        try (AutoCloseable interrupt = Interrupts.cancelOnInterrupt(cancellation)) {
            try {
                root.services().client().daemon().pull(tag, view, cancellation);
            } finally {
                view.finish(); // inside: on Ctrl-C the exit waits for this line, not for more
            }
        }
        return 0;
    }
}
