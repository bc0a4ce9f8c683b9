package dev.jollama.cli.command;

import dev.jollama.cli.Interrupts;
import dev.jollama.cli.completion.DynamicValues;
import dev.jollama.cli.option.JsonOption;
import dev.jollama.cli.option.ModelOptions;
import dev.jollama.cli.option.ToolOptions;
import dev.jollama.cli.render.AnswerPrinter;
import dev.jollama.cli.render.Console;
import dev.jollama.cli.render.PullProgressView;
import dev.jollama.cli.render.StatsLine;
import dev.jollama.cli.render.WaitIndicator;
import dev.jollama.cli.render.markdown.MarkdownPrinter;
import dev.jollama.cli.tools.ToolRun;
import dev.jollama.core.chat.Attachments;
import dev.jollama.core.chat.Chat;
import dev.jollama.core.chat.ChatService;
import dev.jollama.core.chat.ChatSettings;
import dev.jollama.core.chat.ContextWindow;
import dev.jollama.core.chat.Conversation;
import dev.jollama.core.chat.Images;
import dev.jollama.core.chat.PromptInput;
import dev.jollama.core.daemon.Capabilities;
import dev.jollama.core.daemon.Completion;
import dev.jollama.core.daemon.StreamListener;
import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.http.Cancellation;
import dev.jollama.core.json.Json;
import dev.jollama.core.text.ByteSize;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** One prompt, one answer on stdout: for scripts and pipes. */
@Command(
        name = "run",
        description = {
            "Send one prompt and print the answer to stdout.",
            "Piped stdin is read too: stdin first, a blank line, then the arguments."
        })
public final class RunCommand implements Callable<Integer> {

    /** Below this many estimated tokens no model's context can overflow, so no /api/show is spent. */
    private static final int SMALLEST_CONTEXT = 2048;

    @ParentCommand
    JollamaCommand root;

    @Parameters(
            index = "0",
            paramLabel = "MODEL|PROFILE",
            completionCandidates = DynamicValues.ModelOrProfile.class,
            description = "A profile name or an Ollama model tag.")
    String model;

    @Parameters(index = "1..*", paramLabel = "PROMPT", description = "The prompt; the words are joined by spaces.")
    List<String> prompt = new ArrayList<>();

    @Mixin
    ModelOptions request;

    @Mixin
    ToolOptions tools;

    @Mixin
    JsonOption json;

    @Option(names = "--no-stream", description = "Wait for the whole answer instead of streaming it.")
    boolean noStream;

    @Option(names = "--stats", description = "Print token counts, tokens/s and load time to stderr.")
    boolean stats;

    @Option(names = "--hide-thinking", description = "Do not show thinking text (it goes to stderr otherwise).")
    boolean hideThinking;

    @Option(names = "--image", paramLabel = "FILE", description = "An image for vision models, repeatable.")
    List<Path> images = new ArrayList<>();

    @Option(
            names = {"-f", "--file"},
            paramLabel = "PATH",
            description = "A file as context, repeatable: text goes into the message fenced with its path, an image"
                    + " as --image; a directory means its files (no hidden or .gitignored ones), a glob its matches.")
    List<String> files = new ArrayList<>();

    @Option(
            names = {"-e", "--editor"},
            description = "Compose the prompt in $VISUAL or $EDITOR (the arguments are its start; piped stdin still"
                    + " goes first).")
    boolean editor;

    @Option(names = "--pull", description = "Pull the model first if it is missing.")
    boolean pull;

    @Option(names = "--no-log", description = "Keep nothing of this run in the log (docs/logs.md).")
    boolean noLog;

    @Option(
            names = {"-c", "--continue"},
            description = "Continue the last logged run: its messages and answer are sent before this prompt.")
    boolean continueLast;

    @Option(
            names = "--chat",
            paramLabel = "NAME",
            completionCandidates = DynamicValues.Session.class,
            description = "Add this prompt and its answer to the saved chat NAME (a new one if there is none).")
    String chatName;

    @Option(
            names = "--max-input",
            paramLabel = "SIZE",
            description = "The most read from stdin, the files of -f, or one --image before sending (default:"
                    + " 32MiB, or $JOLLAMA_MAX_INPUT, or maxInput in the config).")
    String maxInput;

    @Override
    public Integer call() throws Exception {
        List<String> words = new ArrayList<>(List.of(model));
        words.addAll(prompt);
        ModelArgument.check(
                root,
                "run",
                model,
                ", then the prompt: jollama run MODEL \""
                        + String.join(" ", words).replace("\"", "\\\"") + "\"");
        if (editor) {
            dev.jollama.cli.ExternalEditor.requireTerminal(
                    root.services().env(), "-e", "give the prompt as arguments or on stdin");
        }
        if (continueLast && chatName != null) {
            throw new InvalidInputException("-c continues the last run, --chat NAME a saved chat: give one of them");
        }
        root.services().client().allowAutostart();
        // The database opens in the background from here on, while the prompt is read and answered.
        root.services().client().logAs("run", noLog);
        Console console = root.console();
        ChatSettings settings = settings(console);
        long limit = root.services().settings().maxInput(maxInput);
        List<String> encodedImages = new ArrayList<>(Images.read(images, limit));
        Attachments.Read attached = files.isEmpty()
                ? null
                : Attachments.read(files, java.nio.file.Path.of("").toAbsolutePath(), limit);
        byte[] piped = readStdin(limit);
        List<String> typed = prompt;
        if (editor) {
            String composed = new dev.jollama.cli.ExternalEditor(
                            root.services().settings().editor())
                    .compose(String.join(" ", prompt));
            if (composed.isEmpty()) {
                throw new InvalidInputException("the editor saved an empty prompt: nothing was sent");
            }
            typed = List.of(composed);
        }
        String text = PromptInput.combine(piped, typed);
        if (attached != null) {
            // What a directory or glob left out (binaries, credentials, links out of it): always said.
            attached.notes().forEach(console::note);
            encodedImages.addAll(attached.images());
            text = attached.text() + text;
            // Said on a terminal (or with -v); a script's stderr stays empty when all went well.
            boolean say = console.errIsTerminal() || root.verbose();
            for (Attachments.Item item : say ? attached.items() : List.<Attachments.Item>of()) {
                console.info("attached " + item.summary());
            }
        }
        if (text.isEmpty()
                && root.services().env().stdinIsTerminal()
                && root.services().env().stdoutIsTerminal()) {
            return ChatCommand.open(root, model, null, request, tools); // -s, -o, -T and the rest carry over
        }
        if (text.isEmpty()) {
            throw new InvalidInputException("no prompt: give it as arguments or on stdin,"
                    + " or start a chat with `jollama chat " + model + "`");
        }
        ChatService chat =
                root.services().client().chatService(root.services().config().resolve(model));
        Cancellation cancellation = new Cancellation();
        try (AutoCloseable interrupt = Interrupts.cancelOnInterrupt(cancellation)) {
            if (pull && !chat.isInstalled(settings.model())) {
                FitGate.beforePull(root, settings.model(), false);
                PullProgressView view =
                        new PullProgressView(console, root.services().env().clock());
                chat.pullIfMissing(settings.model(), view, cancellation);
                view.finish();
            }
            Capabilities.requireVision(
                    chat.daemon(), settings.model(), encodedImages, images.isEmpty() ? "an image in -f" : "--image");
            if (request.think != null) {
                Capabilities.requireThinking(chat.daemon(), settings.model(), settings.think(), "--think");
                if ("max".equals(settings.think())
                        && root.services().settings().hosts().stream()
                                .anyMatch(h -> h.api() == dev.jollama.core.hosts.Api.OPENAI)) {
                    console.warn("OpenAI-compatible engines take low, medium or high: --think=max is sent as"
                            + " reasoning_effort \"high\"");
                }
            }
            warnIfContextTooSmall(console, chat, settings, text);
            Conversation conversation = new Conversation(settings);
            String toChat = chatName;
            if (continueLast) {
                ContinueRun.Previous previous =
                        ContinueRun.previous(root.services().client(), chat.logging());
                previous.turns().forEach(conversation::add);
                toChat = previous.chat(); // the last run added to a saved chat: -c goes on in it
            }
            ToolRun toolRun = ToolRun.of(root.services(), console, tools, settings, chat);
            String question = text;
            Chat saved =
                    toChat == null ? null : ContinueRun.chat(root.services().client(), chat, toChat, settings);
            Asking asking = saved != null
                    ? (listener, stream) -> saved.send(question, encodedImages, listener, cancellation)
                    : toolRun == null
                            ? (listener, stream) -> stream
                                    ? chat.ask(conversation, question, encodedImages, listener, cancellation)
                                    : chat.askWhole(conversation, question, encodedImages, cancellation)
                            : (listener, stream) ->
                                    toolRun.ask(conversation, question, encodedImages, stream, listener, cancellation);
            Completion done;
            if (json.json || noStream) {
                try (WaitIndicator waiting = WaitIndicator.forConsole(console, settings.model())) {
                    if (toolRun != null) {
                        toolRun.beforeOutput(waiting::stop);
                    }
                    // --json streams from the daemon and keeps the answer's start (JOLLAMA_MAX_ANSWER), so
                    // an endless answer cannot exhaust memory; --no-stream asks for it whole, as asked.
                    done = asking.ask(StreamListener.IGNORE, !noStream);
                }
            } else {
                done = stream(console, conversation.settings().model(), asking, toolRun);
            }
            if (json.json) {
                console.println(Json.pretty(toolRun != null ? toolRun.answer() : done));
            } else if (noStream) {
                AnswerPrinter printer = new AnswerPrinter(console, !hideThinking);
                if (done.thinking() != null) {
                    printer.onThinking(done.thinking());
                }
                printer.onContent(done.content());
                printer.finish();
            }
            if (done.wasCut()) {
                console.warn("the answer was cut at the length limit: raise -o num_predict=… or -o num_ctx=…");
            }
            if (done.truncated() && noStream) {
                console.warn("the answer is longer than jollama holds whole (" + Json.MAX_TEXT_CHARS / (1024 * 1024)
                        + "M characters): only its start is here; without --no-stream it is streamed in full");
            } else if (done.truncated() && json.json) {
                // Streamed to stdout, an answer goes out whole; only --json prints what is kept of it.
                String kept = ByteSize.human(root.services().settings().maxAnswer());
                console.warn("the answer is longer than " + kept + ": --json holds its first " + kept
                        + ", marked \"truncated\": true (JOLLAMA_MAX_ANSWER raises the limit)");
            }
            String cut = chat.cutWarning(conversation, done);
            if (cut != null) {
                console.warn(cut);
            }
            if (stats) {
                console.info(StatsLine.of(done));
            }
        }
        return 0;
    }

    /** One question to the model: straight, or through the tool loop. */
    interface Asking {
        Completion ask(StreamListener listener, boolean stream);
    }

    private Completion stream(Console console, String model, Asking asking, ToolRun toolRun) {
        if (markdown(console)) {
            return streamMarkdown(console, model, asking, toolRun);
        }
        AnswerPrinter printer = new AnswerPrinter(console, !hideThinking);
        Completion done;
        try (WaitIndicator waiting = WaitIndicator.forConsole(console, model)) {
            if (toolRun != null) {
                toolRun.beforeOutput(waiting::stop);
            }
            done = asking.ask(waiting.until(printer), true);
        } catch (dev.jollama.cli.error.OutputClosedException closed) {
            throw closed; // nobody is reading: the stream already hung up on the daemon, print nothing
        } catch (RuntimeException e) {
            printer.finishPartial();
            throw e;
        }
        printer.finish();
        return done;
    }

    /**
     * Rendered only on a terminal that takes escape sequences (not TERM=dumb), without --raw or --plain,
     * unless the config says "markdown": false.
     */
    private boolean markdown(Console console) {
        var services = root.services();
        return console.outIsTerminal()
                && !services.settings().dumbTerminal()
                && !services.options().raw()
                && !request.plain
                && services.config().markdown();
    }

    private Completion streamMarkdown(Console console, String model, Asking asking, ToolRun toolRun) {
        MarkdownPrinter.Sink out = MarkdownPrinter.Sink.of(console::writeTrusted, console::flush);
        MarkdownPrinter.Sink thinking = hideThinking ? null : MarkdownPrinter.Sink.of(console::errPrint, () -> {});
        MarkdownPrinter printer = new MarkdownPrinter(
                out,
                dev.jollama.cli.render.TerminalColumns.live(
                        root.services().settings().columns()),
                console.colour(),
                true,
                thinking);
        Completion done;
        try (WaitIndicator waiting = WaitIndicator.forConsole(console, model)) {
            if (toolRun != null) {
                toolRun.beforeOutput(waiting::stop);
            }
            done = asking.ask(waiting.until(printer), true);
        } catch (dev.jollama.cli.error.OutputClosedException closed) {
            throw closed;
        } catch (RuntimeException e) {
            printer.finish(); // what arrived stays, settled
            throw e;
        }
        printer.finish();
        return done;
    }

    private ChatSettings settings(Console console) {
        return request.request(model).settings(root.services().config(), console::warn);
    }

    private byte[] readStdin(long limit) throws IOException {
        if (root.services().env().stdinIsTerminal()) {
            return null;
        }
        return PromptInput.readLimited(root.services().env().stdin(), limit);
    }

    /**
     * With --truncate, Ollama cuts what does not fit: say so before, and what num_ctx would fit. Without
     * it, the request says "truncate": false and Ollama refuses such an input, which is then explained.
     */
    private void warnIfContextTooSmall(Console console, ChatService chat, ChatSettings settings, String text) {
        if (!settings.truncate()) {
            return;
        }
        int tokens = ContextWindow.estimateTokens(text + (settings.system() == null ? "" : settings.system()));
        if (tokens < SMALLEST_CONTEXT && (settings.numCtx() == null || tokens < settings.numCtx())) {
            return;
        }
        ContextWindow window = chat.contextWindow(settings);
        if (tokens <= window.size()) {
            return;
        }
        String fix = window.trainedMax() != null && tokens >= window.trainedMax()
                ? "that is more than the model's maximum of " + window.trainedMax() + " tokens: shorten the input"
                : "use -o num_ctx=" + window.suggestFor(tokens);
        console.warn("the input is about " + tokens + " tokens but the context holds " + window.size()
                + ": Ollama will drop the start of it; " + fix);
    }
}
