package dev.jollama.cli.repl;

import dev.jollama.cli.Services;
import dev.jollama.core.chat.ChatSettings;
import dev.jollama.core.chat.Conversation;
import dev.jollama.core.chat.Session;
import dev.jollama.core.chat.SessionStore;
import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.profile.Profile;
import org.jline.terminal.Terminal;

/** Opens a chat on a terminal: a new one with a model or profile, or a saved one resumed. */
public final class ChatLauncher {

    private ChatLauncher() {}

    /**
     * @param resume null for a new chat; "" for the most recent saved chat; else a session name
     */
    public static void start(
            Services services,
            Terminal terminal,
            String modelOrProfile,
            ChatSettings overrides,
            String resume,
            boolean colour) {
        SessionStore store = new SessionStore(services.dirs().data().resolve("sessions"));
        ReplSession session;
        if (resume != null) {
            String name = resume.isEmpty()
                    ? store.latest()
                            .orElseThrow(() -> new InvalidInputException("no saved chat to resume in " + store.dir()))
                    : resume;
            Session saved = store.load(name);
            session = new ReplSession(services, terminal, saved.toConversation(), saved.name(), colour);
            session.println("resuming " + name + " (" + saved.messages().size() + " messages)");
        } else {
            Profile profile = modelOrProfile == null
                    ? services.config().defaultProfileOrModel()
                    : services.config().resolve(modelOrProfile);
            ChatSettings settings = ChatSettings.of(profile);
            if (overrides != null) {
                settings = overrides;
            }
            session = new ReplSession(services, terminal, new Conversation(settings), null, colour);
        }
        new Repl(terminal, session, services.dirs().state().resolve("history")).run();
    }
}
