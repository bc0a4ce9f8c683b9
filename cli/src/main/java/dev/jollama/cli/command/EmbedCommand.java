package dev.jollama.cli.command;

import dev.jollama.cli.Interrupts;
import dev.jollama.cli.option.JsonOption;
import dev.jollama.cli.render.Console;
import dev.jollama.cli.render.EmbeddingPrinter;
import dev.jollama.core.chat.ChatSettings;
import dev.jollama.core.client.ModelRequest;
import dev.jollama.core.daemon.EmbedRequest;
import dev.jollama.core.embed.Embedder;
import dev.jollama.core.embed.InputLines;
import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.http.Cancellation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Embedding vectors for texts, one per line on stdout: for scripts building a search index. */
@Command(
        name = "embed",
        description = {
            "Print an embedding vector for each text: one JSON array per line on stdout, in input order.",
            "Each TEXT argument is one input; without any, each line of stdin is one (an empty line prints [])."
        })
public final class EmbedCommand implements Callable<Integer> {

    @ParentCommand
    JollamaCommand root;

    @Parameters(
            index = "0",
            completionCandidates = dev.jollama.cli.completion.DynamicValues.ModelOrProfile.class,
            paramLabel = "MODEL|PROFILE",
            description = "A profile name or an Ollama model tag, such as nomic-embed-text.")
    String model;

    @Parameters(
            index = "1..*",
            paramLabel = "TEXT",
            description = "A text to embed; each argument gets its own vector.")
    List<String> texts = new ArrayList<>();

    @Mixin
    JsonOption json;

    @Option(
            names = "--no-log",
            description = "Keep nothing of this embed in the log (it keeps a count only: docs/logs.md).")
    boolean noLog;

    @Option(
            names = "--dimensions",
            paramLabel = "N",
            description = "Shorten each vector to its first N values, normalised again (for models trained for it).")
    Integer dimensions;

    @Option(
            names = "--truncate",
            negatable = true,
            description = "Cut an input longer than the context to fit (Ollama's default); with --no-truncate it is"
                    + " an error (exit 1).")
    Boolean truncate;

    @Option(
            names = {"-o", "--option"},
            paramLabel = "KEY=VALUE",
            description = "Model option, repeatable: num_ctx=8192, num_thread=4.")
    List<String> options = new ArrayList<>();

    @Option(
            names = "--keep-alive",
            paramLabel = "DURATION",
            description = "How long the model stays loaded: 5m, 1h, 0, -1.")
    String keepAlive;

    @Option(
            names = "--max-input",
            paramLabel = "SIZE",
            description = "The most one line of stdin may hold (default: 32MiB, or $JOLLAMA_MAX_INPUT, or maxInput in"
                    + " the config).")
    String maxInput;

    @Override
    public Integer call() throws Exception {
        Console console = root.console();
        root.services().client().allowAutostart();
        EmbedRequest request = request(console);
        Embedder.Inputs inputs = inputs();
        EmbeddingPrinter printer = new EmbeddingPrinter(console, json.json, request.model());
        Embedder embedder = new Embedder(root.services().client().daemon())
                .logTo(root.services().client().logAs("embed", noLog));
        Cancellation cancellation = new Cancellation();
        try (AutoCloseable interrupt = Interrupts.cancelOnInterrupt(cancellation)) {
            printer.finish(embedder.embed(request, inputs, printer, cancellation));
        }
        return 0;
    }

    /** The arguments when there are any; else stdin, read line by line as it arrives. */
    private Embedder.Inputs inputs() {
        var env = root.services().env();
        if (!texts.isEmpty()) {
            Iterator<String> next = texts.iterator();
            return () -> next.hasNext() ? next.next() : null;
        }
        if (env.stdinIsTerminal()) {
            throw new InvalidInputException(
                    "no input: give the texts as arguments, or one per line on stdin (`… | jollama embed " + model
                            + "`)");
        }
        return new InputLines(env.stdin(), root.services().settings().maxInput(maxInput));
    }

    /** The profile's tag, options and keep-alive (as `run` resolves them), then the flags over them. */
    private EmbedRequest request(Console console) {
        if (model.isBlank()) {
            throw new InvalidInputException("MODEL|PROFILE is empty: name a model such as nomic-embed-text");
        }
        if (dimensions != null && dimensions < 1) {
            throw new InvalidInputException("--dimensions wants a whole number of 1 or more, not " + dimensions);
        }
        ChatSettings settings = new ModelRequest(model, null, options, null, null, keepAlive)
                .settings(root.services().config(), console::warn);
        return new EmbedRequest(
                settings.model(), List.of(), truncate, dimensions, settings.options(), settings.keepAlive());
    }
}
