package dev.jollama.cli.repl;

import dev.jollama.cli.Services;
import dev.jollama.cli.render.StatsLine;
import dev.jollama.cli.render.TerminalText;
import dev.jollama.cli.render.WaitIndicator;
import dev.jollama.core.chat.ChatService;
import dev.jollama.core.chat.ChatSettings;
import dev.jollama.core.chat.ContextWindow;
import dev.jollama.core.chat.Conversation;
import dev.jollama.core.chat.Session;
import dev.jollama.core.chat.SessionStore;
import dev.jollama.core.chat.Turn;
import dev.jollama.core.daemon.Cancellation;
import dev.jollama.core.daemon.Completion;
import dev.jollama.core.error.CancelledException;
import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.error.JollamaException;
import dev.jollama.core.profile.Profile;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.Consumer;
import org.jline.terminal.Terminal;

/**
 * The state of one chat — conversation, session file, switches — and what slash commands do to it.
 * Every answer goes through the same {@link ChatService} as {@code jollama run}.
 */
final class ReplSession {

    private static final DateTimeFormatter AUTO_NAME =
            DateTimeFormatter.ofPattern("'chat-'yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Services services;
    private final Terminal terminal;
    private final ChatService chat;
    private final SessionStore store;
    private final boolean colour;
    private Consumer<String> notice;
    private Conversation conversation;
    private String sessionName;
    private Instant created;
    private boolean stats;
    private ContextWindow window;
    private int lastUsage;

    ReplSession(Services services, Terminal terminal, Conversation conversation, String sessionName, boolean colour) {
        this.services = services;
        this.terminal = terminal;
        this.chat = services.chatService();
        this.store = new SessionStore(services.dirs().data().resolve("sessions"));
        this.conversation = conversation;
        this.created = services.env().clock().instant();
        this.sessionName = sessionName != null ? sessionName : AUTO_NAME.format(created);
        this.colour = colour;
        this.notice = this::println;
    }

    /** Where messages go while the user types: above the prompt, once the reader is running. */
    void noticeTo(Consumer<String> sink) {
        this.notice = sink;
    }

    Services services() {
        return services;
    }

    Conversation conversation() {
        return conversation;
    }

    ChatSettings settings() {
        return conversation.settings();
    }

    SessionStore store() {
        return store;
    }

    String sessionName() {
        return sessionName;
    }

    /** A line on the terminal; what it quotes from the daemon or a file is shown harmlessly. */
    void println(String line) {
        printTrusted(shown(line));
    }

    void error(String line) {
        printTrusted(colour ? "\u001b[31mjollama: " + shown(line) + "\u001b[0m" : "jollama: " + shown(line));
    }

    private void drawTrusted(String text) {
        PrintWriter out = terminal.writer();
        out.print(text);
        out.flush();
    }

    private void printTrusted(String line) {
        PrintWriter out = terminal.writer();
        out.println(line);
        out.flush();
    }

    private String shown(String text) {
        return services.options().raw() ? text : TerminalText.neutralise(text);
    }

    void notice(String line) {
        notice.accept(shown(line));
    }

    boolean stats() {
        return stats;
    }

    void stats(boolean on) {
        stats = on;
    }

    int lastUsage() {
        return lastUsage;
    }

    /** The context window of the current settings, asked of the daemon once per change; null if unknown. */
    ContextWindow window() {
        if (window == null) {
            try {
                window = chat.contextWindow(settings());
            } catch (JollamaException e) {
                return null;
            }
        }
        return window;
    }

    void settings(ChatSettings value) {
        boolean modelChanged = !value.model().equals(settings().model());
        conversation.settings(value);
        window = null;
        if (modelChanged) {
            preload();
        }
        save();
    }

    void useProfile(Profile profile) {
        settings(ChatSettings.of(profile).withThink(settings().think()));
    }

    void replace(Session session) {
        conversation = session.toConversation();
        sessionName = session.name();
        created = session.created() != null ? session.created() : created;
        window = null;
        lastUsage = 0;
        preload();
    }

    /** Saves under a new name; never over another chat, which would lose it (or a damaged file). */
    void rename(String name) {
        if (!name.equals(sessionName) && store.exists(name)) {
            throw new InvalidInputException("a chat named " + name + " is saved already (" + store.dir()
                    + "): it is left as it is; pick another name");
        }
        sessionName = name;
        save();
    }

    void clear() {
        conversation.clear();
        lastUsage = 0;
        save();
    }

    /** Loads the model in the background so the first answer is not slower than the next. */
    void preload() {
        String model = settings().model();
        String keepAlive = settings().keepAlive();
        long start = System.nanoTime();
        Thread loader = new Thread(
                () -> {
                    try {
                        services.daemon().load(model, keepAlive);
                        notice(String.format("%s is loaded (%.1fs)", model, (System.nanoTime() - start) / 1e9));
                    } catch (JollamaException e) {
                        notice("jollama: " + e.getMessage());
                    }
                },
                "jollama-preload");
        loader.setDaemon(true);
        println("loading " + model + " …");
        loader.start();
    }

    /** Sends a user message and streams the answer; a failure is one line and the message stays. */
    void send(String text) {
        conversation.add(Turn.user(text, null, services.env().clock().instant()));
        save();
        answer();
    }

    /** Answers the last user turn again: after an error, or to get another answer. */
    void retry() {
        Turn last = conversation.last();
        if (last != null && last.role().equals("assistant")) {
            conversation.removeLast();
        }
        if (conversation.last() == null) {
            println("nothing to retry yet");
            return;
        }
        answer();
    }

    private void answer() {
        fitToContext();
        WrappingPrinter printer = new WrappingPrinter(
                terminal.writer(),
                terminal.getWidth(),
                colour,
                !Boolean.FALSE.equals(settings().think()),
                !services.options().raw());
        Cancellation cancellation = new Cancellation();
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> cancellation.cancel());
        WaitIndicator waiting = colour
                ? WaitIndicator.start(
                        this::drawTrusted, "waiting for " + shown(settings().model()))
                : WaitIndicator.none();
        try {
            Completion done;
            try (waiting) {
                done = chat.answer(conversation, waiting.until(printer), cancellation);
            }
            printer.finish();
            lastUsage = done.promptEvalCount() + done.evalCount();
            if (done.wasCut()) {
                println("(the answer was cut at the length limit: /set num_predict … or /set num_ctx …)");
            }
            if (stats) {
                printTrusted(colour ? "\u001b[2m" + StatsLine.of(done) + "\u001b[0m" : StatsLine.of(done));
            }
            warnIfNearLimit();
        } catch (CancelledException e) {
            printer.finish();
            println("[interrupted: the partial answer is kept; /retry for a new one]");
        } catch (JollamaException e) {
            printer.finish();
            error(e.getMessage() + " — your message is kept: /retry to send it again");
        } finally {
            terminal.handle(Terminal.Signal.INT, previous);
            save();
        }
    }

    private void fitToContext() {
        ContextWindow w = window();
        if (w == null) {
            return;
        }
        int dropped = ChatService.fitToContext(conversation, w.size(), Math.min(1024, w.size() / 4));
        if (dropped > 0) {
            println("(dropped the " + dropped + " oldest messages to stay within the " + w.size()
                    + "-token context; the system prompt is kept)");
        }
    }

    private void warnIfNearLimit() {
        ContextWindow w = window();
        if (w != null && lastUsage > w.size() * 0.85) {
            println("(context " + lastUsage + "/" + w.size()
                    + " tokens: the oldest messages will be dropped soon; /clear to start afresh)");
        }
    }

    void save() {
        try {
            store.save(Session.of(
                    sessionName, conversation, created, services.env().clock().instant()));
        } catch (JollamaException e) {
            error(e.getMessage());
        }
    }
}
