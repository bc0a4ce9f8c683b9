package dev.jollama.cli.command;

import dev.jollama.cli.completion.DynamicValues;
import dev.jollama.cli.option.ModelOptions;
import dev.jollama.cli.option.ToolOptions;
import dev.jollama.cli.render.Console;
import dev.jollama.cli.render.PullProgressView;
import dev.jollama.cli.render.YesNo;
import dev.jollama.cli.repl.ChatLauncher;
import dev.jollama.cli.tools.EnabledTools;
import dev.jollama.core.chat.Chat;
import dev.jollama.core.chat.ChatSettings;
import dev.jollama.core.client.ModelRequest;
import dev.jollama.core.error.ExitCode;
import dev.jollama.core.error.ModelNotFoundException;
import dev.jollama.core.http.Cancellation;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** The interactive chat. */
@Command(name = "chat", description = "Chat with a model in the terminal (history, /commands, saved sessions).")
public final class ChatCommand implements Callable<Integer> {

    /** JLine reports through java.util.logging; stderr is jollama's alone unless --verbose. */
    private static final Logger JLINE = Logger.getLogger("org.jline");

    @ParentCommand
    JollamaCommand root;

    @Parameters(
            arity = "0..1",
            paramLabel = "MODEL|PROFILE",
            completionCandidates = DynamicValues.ModelOrProfile.class,
            description = "Default: the default profile.")
    String model;

    @Option(
            names = "--resume",
            arity = "0..1",
            fallbackValue = "",
            paramLabel = "NAME",
            completionCandidates = DynamicValues.Session.class,
            description = "Continue the last saved chat, or the one named (jollama sessions lists them).")
    String resume;

    @Mixin
    ModelOptions request;

    @Mixin
    ToolOptions tools;

    @Option(names = "--no-log", description = "Keep this chat's turns out of the log (the chat itself is still saved).")
    boolean noLog;

    @Override
    public Integer call() throws Exception {
        ModelArgument.check(root, "chat", model, "; the prompt is typed in the chat: jollama chat MODEL");
        root.services().client().logAs("chat", noLog);
        return open(root, model, resume, request, tools);
    }

    /**
     * Opens the chat on the real terminal; also what `jollama` and `jollama run MODEL` do on a terminal.
     * Everything that can fail at the shell fails before the terminal is switched to raw mode: a broken
     * config (exit 4), an unknown session, a daemon that is down (69), a model it does not have (3,
     * or on a terminal an offer to pull it, as `ollama run` does).
     */
    static int open(JollamaCommand root, String model, String resume, ModelOptions options) throws Exception {
        return open(root, model, resume, options, null);
    }

    static int open(JollamaCommand root, String model, String resume, ModelOptions options, ToolOptions tools)
            throws Exception {
        var services = root.services();
        services.client().allowAutostart();
        Console console = root.console();
        ModelRequest request = options == null ? ModelRequest.of(model) : options.request(model);
        ChatSettings settings = request.settings(services.config(), console::warn);
        Chat chat = ChatLauncher.chat(services, settings, resume);
        if (resume != null && options != null && options.any()) {
            chat.switchTo(request.over(chat.settings(), line -> {})); // said once above
        }
        ensureInstalled(root, chat.settings().model());
        EnabledTools chatTools =
                EnabledTools.of(tools, services, chat.settings(), chat.service().daemon(), console::warn);
        JLINE.setLevel(root.verbose() ? Level.INFO : Level.OFF);
        // dumb(true): a pipe gets a dumb terminal quietly; JLine warns on stderr when left to choose.
        try (Terminal terminal = TerminalBuilder.builder()
                .system(true)
                .dumb(true)
                // Typed and piped lines are UTF-8 whatever the locale: JLine would decode them with it.
                .encoding(java.nio.charset.StandardCharsets.UTF_8)
                .name("jollama")
                .build()) {
            boolean interactive = services.env().stdinIsTerminal();
            java.io.PrintWriter errors = interactive ? null : root.err();
            ChatLauncher.Ended ended = ChatLauncher.start(
                    services,
                    terminal,
                    chat,
                    console.colour(),
                    errors,
                    services.config().markdown() && (options == null || !options.plain),
                    chatTools);
            // A chat fed by a script answers to it like `run` does: any failed turn is exit 1.
            if (interactive || ended.failures() == 0) {
                return 0;
            }
            // A refused tool call is 6 there too: a script can tell "refused" from "failed".
            return ended.toolRefused() ? ExitCode.TOOL_REFUSED.code() : ExitCode.DAEMON_ERROR.code();
        }
    }

    private static void ensureInstalled(JollamaCommand root, String model) throws IOException {
        var services = root.services();
        try {
            services.client().daemon().show(model);
        } catch (ModelNotFoundException missing) {
            // A cloud model runs on ollama.com: there is nothing to download for it.
            if (!(services.env().stdinIsTerminal() && services.env().stderrIsTerminal())
                    || dev.jollama.core.daemon.ModelRef.isCloud(model)) {
                throw missing;
            }
            Console console = root.console();
            if (!YesNo.ask(
                    console,
                    services.env().stdin(),
                    "model '" + console.forErr(model) + "' is not installed. Pull it now?")) {
                throw missing;
            }
            FitGate.beforePull(services, console, model, false);
            PullProgressView view = new PullProgressView(console, services.env().clock());
            Cancellation cancellation = new Cancellation();
            try (AutoCloseable interrupt = dev.jollama.cli.Interrupts.cancelOnInterrupt(cancellation)) {
                try {
                    services.client().daemon().pull(model, view, cancellation);
                } finally {
                    view.finish();
                }
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
