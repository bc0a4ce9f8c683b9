package dev.jollama.cli.repl;

import dev.jollama.cli.Services;
import dev.jollama.cli.tools.EnabledTools;
import dev.jollama.core.chat.Chat;
import dev.jollama.core.chat.ChatSettings;
import dev.jollama.core.chat.SessionStore;
import dev.jollama.core.error.InvalidInputException;
import org.jline.terminal.Terminal;

/** Opens a chat on a terminal: a new one with a model or profile, or a saved one resumed. */
public final class ChatLauncher {

    private ChatLauncher() {}

    /**
     * The chat to open, before the terminal is touched: a missing session, an unreadable one, is an
     * error at the shell.
     *
     * @param resume null for a new chat; "" for the most recent saved chat; else a session name
     * @param settings the new chat's settings (ignored when resuming, but for letting Ollama cut)
     */
    public static Chat chat(Services services, ChatSettings settings, String resume) {
        SessionStore store = services.client().sessions();
        var clock = services.env().clock();
        Chat chat;
        if (resume == null) {
            var profile = settings.profile() == null
                    ? null
                    : services.config().profiles().get(settings.profile());
            chat = Chat.start(services.client().chatService(profile), store, clock, settings);
        } else {
            String name = resume.isEmpty()
                    ? store.latest()
                            .orElseThrow(() -> new InvalidInputException(
                                    "no saved chat to resume yet: start one with `jollama chat MODEL`"))
                    : resume;
            chat = Chat.resume(services.client().chatService(), store, clock, name);
            if (settings.truncate() && !chat.settings().truncate()) {
                chat.switchTo(chat.settings().withTruncate(true)); // --truncate or "truncate": true now
            }
        }
        chat.autoCompact(services.settings().autoCompact());
        return chat;
    }

    public static void start(Services services, Terminal terminal, Chat chat, boolean colour) {
        start(services, terminal, chat, colour, null, services.config().markdown(), null);
    }

    /**
     * @param errors for a chat fed through a pipe: where errors go (stderr); its lines stay out of
     *     the interactive history. Null for a chat on a terminal.
     * @param markdown answers rendered as markdown at the start ({@code --plain}: false)
     * @param tools the tools the model may call, or null for none
     * @return how many errors the chat showed, and whether a tool call was refused
     */
    /** How a chat ended: how many errors it showed, and whether a tool call was refused. */
    public record Ended(int failures, boolean toolRefused) {}

    public static Ended start(
            Services services,
            Terminal terminal,
            Chat chat,
            boolean colour,
            java.io.PrintWriter errors,
            boolean markdown,
            EnabledTools tools) {
        java.nio.file.Path history = errors == null && !services.settings().noHistory()
                ? services.settings().dirs().state().resolve("history")
                : null;
        Repl repl = new Repl(services, terminal, chat, history, colour, errors, markdown, tools);
        if (chat.name() != null) {
            repl.println("resuming " + chat.name() + " ("
                    + chat.conversation().turns().size() + " messages)");
        }
        int failures = repl.run();
        return new Ended(failures, repl.toolRefused());
    }

    /** For tests and callers that have a model or profile name rather than settings. */
    public static void start(
            Services services,
            Terminal terminal,
            String modelOrProfile,
            ChatSettings overrides,
            String resume,
            boolean colour) {
        ChatSettings settings = overrides != null
                ? overrides
                : ChatSettings.of(
                        modelOrProfile == null
                                ? services.config().defaultProfileOrModel()
                                : services.config().resolve(modelOrProfile));
        start(services, terminal, chat(services, settings, resume), colour);
    }
}
