package dev.jollama.cli.repl;

import dev.jollama.cli.Services;
import dev.jollama.cli.render.Console;
import dev.jollama.cli.render.PullProgressView;
import dev.jollama.cli.repl.slash.SlashCommandLine;
import dev.jollama.cli.repl.slash.SlashContext;
import dev.jollama.cli.tools.EnabledTools;
import dev.jollama.cli.tools.TerminalApprover;
import dev.jollama.cli.tools.ToolLines;
import dev.jollama.core.chat.Chat;
import dev.jollama.core.client.PullGate;
import dev.jollama.core.daemon.ToolCall;
import dev.jollama.core.error.CancelledException;
import dev.jollama.core.error.JollamaException;
import dev.jollama.core.http.Cancellation;
import dev.jollama.core.storage.OwnFiles;
import dev.jollama.core.storage.PrivateFiles;
import dev.jollama.core.tools.Approver;
import dev.jollama.core.tools.Tool;
import dev.jollama.core.tools.ToolLoop;
import dev.jollama.core.tools.ToolPolicy;
import dev.jollama.core.tools.ToolPreview;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import org.jline.keymap.KeyMap;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.Reference;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;

/**
 * The chat loop: reads a message or a slash command with JLine (history, Ctrl-R, completion,
 * bracketed paste, {@code """} blocks, Alt-Enter), and never ends on a daemon error. Messages go to
 * the core {@link Chat}; slash commands run on their Picocli tree ({@link SlashCommandLine}).
 */
public final class Repl implements SlashContext {

    private static final String BLOCK = "\"\"\"";

    private final Services services;
    private final Chat chat;
    private final ChatScreen screen;
    private final TurnRunner turns;
    private final SlashCommandLine commands;
    private final Path historyFile;
    private final boolean interactive;
    private final EnabledTools tools;
    private final PrintWriter errors;
    private LineReader reader;
    private final java.util.List<String> heldNotices = new java.util.ArrayList<>();
    private ToolLoop loop;

    Repl(
            Services services,
            Terminal terminal,
            Chat chat,
            Path historyFile,
            boolean colour,
            PrintWriter errors,
            boolean markdown,
            EnabledTools tools) {
        this.services = services;
        this.chat = chat;
        this.screen = new ChatScreen(terminal, colour, services.options().raw(), errors);
        this.turns = new TurnRunner(chat, screen, services.settings().maxAnswer());
        this.commands = new SlashCommandLine(this);
        this.historyFile = historyFile;
        this.interactive = errors == null;
        this.errors = errors;
        this.tools = tools;
        screen.markdown(markdown);
    }

    /** Runs the chat; returns how many errors it showed. */
    public int run() {
        Path history = historyFile;
        try {
            // JLine appends to the file and keeps its mode: it must be private before the first line.
            if (history != null) {
                // JLine reads it whole: a device or a FIFO there would never end, or never begin.
                OwnFiles.checkIfPresent(historyFile, OwnFiles.Kind.HISTORY);
                PrivateFiles.createFile(historyFile);
            }
        } catch (IOException e) {
            history = null;
        }
        LineReader reader = LineReaderBuilder.builder()
                .terminal(screen.terminal())
                .appName("jollama")
                .completer(new SlashCompleter(commands, this))
                .variable(LineReader.HISTORY_FILE, history)
                .variable(LineReader.HISTORY_SIZE, 5000)
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, "... ")
                // Entries are added here, whole: a """ block is one entry, not one per line.
                .variable(LineReader.DISABLE_HISTORY, true)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.HISTORY_IGNORE_DUPS, true)
                .build();
        this.reader = reader;
        PasteSpeed.apply(reader);
        // Ctrl-X Ctrl-E: the line so far goes to the editor, through /edit (run outside the line
        // editor, so the editor gets the terminal in its normal mode).
        reader.getWidgets().put("jollama-edit", () -> {
            String typed = reader.getBuffer().toString();
            reader.getBuffer().clear();
            reader.getBuffer().write("/edit " + typed);
            reader.callWidget(LineReader.ACCEPT_LINE);
            return true;
        });
        reader.getKeyMaps()
                .get(LineReader.MAIN)
                .bind(new Reference("jollama-edit"), KeyMap.ctrl('X') + KeyMap.ctrl('E'));
        // Alt-Enter adds a newline to the message instead of sending it.
        reader.getKeyMaps()
                .get(LineReader.MAIN)
                .bind(new Reference(LineReader.SELF_INSERT_UNMETA), KeyMap.alt('\r'), KeyMap.alt('\n'));
        if (history == null && historyFile != null) {
            screen.error("history will not be kept: cannot create " + historyFile);
        }
        // A notice from another thread (the preload) while an answer streams would land inside it:
        // it waits for the next prompt instead.
        // On a dumb terminal nothing is redrawn: it waits for the next prompt too. Through a pipe there
        // is no prompt to redraw: it is printed when nothing else is.
        boolean redraws = interactive && !screen.dumb();
        screen.noticeTo(line -> {
            synchronized (heldNotices) {
                if (redraws && reader.isReading()) {
                    reader.printAbove(line);
                } else if (!interactive && reader.isReading()) {
                    screen.printTrusted(line);
                } else {
                    heldNotices.add(line);
                }
            }
        });
        screen.println("chatting with " + chat.settings().model() + " — /help for commands, /bye to leave");
        preload();
        if (tools != null) {
            startTools();
        }
        while (true) {
            String line;
            try {
                synchronized (heldNotices) {
                    heldNotices.forEach(screen::printTrusted);
                    heldNotices.clear();
                }
                line = reader.readLine(prompt(">>> "));
            } catch (UserInterruptException e) {
                screen.println("(Ctrl-C stops an answer; to leave, type /bye or press Ctrl-D)");
                continue;
            } catch (EndOfFileException e) {
                break;
            }
            String text = line.strip();
            String entry = line;
            if (text.startsWith(BLOCK)) {
                String block = readBlock(reader, text.substring(3));
                if (block == null) {
                    break;
                }
                text = block;
                entry = BLOCK + block + BLOCK;
            }
            if (text.isEmpty()) {
                continue;
            }
            remember(reader, entry);
            boolean goOn = true;
            if (text.startsWith("/")) {
                goOn = commands.run(text);
            } else {
                turns.send(text);
            }
            chat.takeNotices().forEach(screen::warn);
            if (!goOn) {
                break;
            }
        }
        synchronized (heldNotices) {
            heldNotices.forEach(screen::printTrusted);
            heldNotices.clear();
        }
        try {
            reader.getHistory().save();
        } catch (IOException e) {
            screen.error("could not save the history: " + e.getMessage());
        }
        screen.println(
                chat.isSaved()
                        ? "bye — this chat is saved as " + chat.name()
                        : "bye — nothing was said, so nothing was saved");
        return screen.errorCount();
    }

    /** The prompt on a terminal; none in a chat fed through a pipe, where it would land among the answers. */
    private String prompt(String prompt) {
        return interactive ? prompt : "";
    }

    /**
     * Adds a whole entry to the history. JLine adds each line it reads unless DISABLE_HISTORY is set,
     * and then refuses any add: it is lifted for this one.
     */
    private static void remember(LineReader reader, String entry) {
        reader.setVariable(LineReader.DISABLE_HISTORY, false);
        try {
            reader.getHistory().add(Instant.now(), entry);
        } finally {
            reader.setVariable(LineReader.DISABLE_HISTORY, true);
        }
    }

    /** Lines up to the one that ends with """, as in the ollama REPL; null on Ctrl-D. */
    private String readBlock(LineReader reader, String first) {
        StringBuilder block = new StringBuilder();
        String line = first;
        while (true) {
            int end = line.indexOf(BLOCK);
            if (end >= 0) {
                block.append(line, 0, end);
                return block.toString().strip();
            }
            block.append(line).append('\n');
            try {
                line = reader.readLine(prompt("... "));
            } catch (UserInterruptException e) {
                return "";
            } catch (EndOfFileException e) {
                return null;
            }
        }
    }

    @Override
    public Services services() {
        return services;
    }

    @Override
    public Chat chat() {
        return chat;
    }

    @Override
    public void println(String line) {
        screen.println(line);
    }

    @Override
    public void error(String line) {
        screen.error(line);
    }

    @Override
    public void retry() {
        turns.retry();
    }

    @Override
    public void compact() {
        turns.compact();
    }

    @Override
    public boolean stats() {
        return turns.stats();
    }

    @Override
    public void stats(boolean on) {
        turns.stats(on);
    }

    /** Loads the model in the background so the first answer is not slower than the next. */
    @Override
    public void preload() {
        // An OpenAI-compatible engine loads its models itself: no "loading …" that would never end.
        if (services.settings().hosts().stream().allMatch(h -> h.api() == dev.jollama.core.hosts.Api.OPENAI)) {
            return;
        }
        String model = chat.settings().model();
        if (dev.jollama.core.daemon.ModelRef.isCloud(model)) {
            return; // it runs on ollama.com: nothing to load here
        }
        String keepAlive = chat.settings().keepAlive();
        long start = System.nanoTime();
        Thread loader = new Thread(
                () -> {
                    try {
                        services.client().daemon().load(model, keepAlive);
                        screen.notice(String.format("%s is loaded (%.1fs)", model, (System.nanoTime() - start) / 1e9));
                    } catch (dev.jollama.core.error.UnsupportedByEngineException e) {
                        // An OpenAI-compatible engine keeps its models loaded itself: nothing to say.
                    } catch (JollamaException e) {
                        screen.notice(Console.PREFIX + e.getMessage());
                    }
                },
                "jollama-preload");
        loader.setDaemon(true);
        screen.println("loading " + model + " …");
        loader.start();
    }

    @Override
    public void copyLastAnswer(boolean osc52) {
        var turns = chat.conversation().turns();
        String answer = null;
        for (int i = turns.size() - 1; i >= 0 && answer == null; i--) {
            if (!turns.get(i).isUser()) {
                answer = turns.get(i).content();
            }
        }
        if (answer == null) {
            screen.println("no answer to copy yet");
            return;
        }
        if (osc52) {
            screen.drawTrusted(Clipboard.osc52(answer));
            screen.println("sent the last answer to the terminal's clipboard (OSC 52; some terminals ignore it)");
            return;
        }
        try {
            String tool = new Clipboard(services.settings().childEnvironment()).copy(answer);
            screen.println(
                    tool == null
                            ? "no clipboard tool found (wl-copy, xclip, xsel, pbcopy): /copy --osc52 asks the terminal instead"
                            : "copied the last answer (" + answer.length() + " characters) with " + tool);
        } catch (IOException e) {
            screen.error("could not copy: " + e.getMessage());
        }
    }

    @Override
    public void markdown(boolean on) {
        screen.markdown(on);
    }

    @Override
    public boolean markdown() {
        return screen.markdown();
    }

    @Override
    public void edit(String initial) {
        String text = new dev.jollama.cli.ExternalEditor(services.settings().editor()).compose(initial);
        if (text.isEmpty()) {
            screen.println("(the editor saved nothing: nothing was sent)");
            return;
        }
        screen.println(">>> " + (text.contains("\n") ? text.lines().findFirst().orElse("") + " …" : text));
        turns.send(text);
    }

    /**
     * The chat's tool loop: asked on the chat's own line editor when it is on a terminal; a chat fed
     * through a pipe asks on {@code /dev/tty} if there is one, and refuses (the turn fails) if not.
     */
    private void startTools() {
        Approver approver = interactive
                ? this::approve
                : TerminalApprover.ifTerminal(
                        services.console(errors, errors), services.env().stderrIsTerminal());
        ToolPolicy policy = new ToolPolicy(tools.allow(), approver);
        loop = new ToolLoop(chat.service(), tools.set(), policy, tools.maxSteps(), new ToolLoop.Observer() {
            @Override
            public void calling(ToolCall call, ToolPreview preview) {
                turns.stopWaiting();
            }

            @Override
            public void result(ToolLoop.Step step) {
                turns.stopWaiting();
                screen.println(ToolLines.line(step));
            }
        });
        chat.answerWith(loop.answerer());
        screen.println("tools: "
                + String.join(
                        ", ", tools.set().enabled().stream().map(Tool::name).toList())
                + (tools.allow().isEmpty() ? "" : "; run without asking: " + String.join(", ", tools.allow())));
    }

    private Approver.Answer approve(ToolCall call, ToolPreview preview) {
        turns.stopWaiting();
        screen.println("the model wants to run " + preview.summary());
        for (String line : preview.detail().split("\n", -1)) {
            screen.println("    " + line);
        }
        try {
            return Approver.Answer.of(
                    reader.readLine("Run it? " + Approver.Answer.choices(call.name(), preview) + ": "));
        } catch (UserInterruptException e) {
            throw new CancelledException(); // Ctrl-C stops the turn, as in `run`
        } catch (EndOfFileException e) {
            return Approver.Answer.NO;
        }
    }

    /** Whether a tool call was refused in this chat (a piped chat then exits 6). */
    public boolean toolRefused() {
        return turns.toolRefused();
    }

    @Override
    public void showTools() {
        if (loop == null) {
            screen.println("no tools: start the chat with -T NAME (jollama chat -T read_file …) to offer some");
            return;
        }
        for (var entry : loop.tools().all().entrySet()) {
            String name = entry.getKey();
            screen.println((loop.tools().isOn(name) ? "on   " : "off  ")
                    + name
                    + (loop.policy().isAllowed(name) ? "  (runs without asking)" : ""));
        }
    }

    @Override
    public void turnTool(String name, boolean on) {
        if (loop == null || !loop.tools().turn(name, on)) {
            screen.error("no tool '" + name + "' in this chat (/tools lists them)");
            return;
        }
        screen.println(name + (on ? " on" : " off"));
    }

    @Override
    public void allowTool(String glob) {
        if (loop == null) {
            screen.error("no tools in this chat: start it with -T NAME");
            return;
        }
        loop.policy().allow(glob);
        screen.println(glob + " runs without asking from now on");
    }

    /** A question answered on the chat's own line editor; anything but y, Ctrl-C or Ctrl-D is a no. */
    private boolean ask(String question) {
        try {
            String answer = reader.readLine(screen.shown(question) + " [y/N] ");
            return answer.strip().toLowerCase(java.util.Locale.ROOT).startsWith("y");
        } catch (UserInterruptException | EndOfFileException e) {
            return false;
        }
    }

    @Override
    public void attach(java.util.List<String> paths) {
        var read = dev.jollama.core.chat.Attachments.readEach(
                paths,
                java.nio.file.Path.of("").toAbsolutePath(),
                services.settings().maxInput(null));
        // Refused here, with nothing attached, rather than when the message goes.
        dev.jollama.core.daemon.Capabilities.requireVision(
                chat.service().daemon(),
                chat.settings().model(),
                dev.jollama.core.chat.Attachments.Read.join(read).images(),
                "/file with an image");
        turns.attach(read);
        for (var file : read) {
            for (String note : file.notes()) {
                screen.note(note);
            }
            for (var item : file.items()) {
                screen.println("attached " + item.summary() + " to the next message");
            }
        }
    }

    @Override
    public java.util.List<String> attached() {
        return turns.attached().stream()
                .map(dev.jollama.core.chat.Attachments.Item::summary)
                .toList();
    }

    @Override
    public void drop(Integer index) {
        int count = turns.attached().size();
        if (count == 0) {
            screen.println("nothing is attached to the next message");
            return;
        }
        if (index != null && (index < 1 || index > count)) {
            screen.error("no attachment " + index + ": the next message carries " + count + " (/show lists them)");
            return;
        }
        var dropped = turns.drop(index);
        screen.println("dropped " + (dropped.size() == 1 ? dropped.get(0).path() : dropped.size() + " attachments")
                + (turns.attached().isEmpty() ? ": the next message carries no file" : ""));
    }

    @Override
    public void pull(String model, boolean force) {
        // The same decision as `jollama pull`: on a terminal a model that will not fit is asked about,
        // in a piped chat it is refused.
        PullGate.Verdict verdict = services.client().pullGate().check(model, force);
        if (verdict instanceof PullGate.Go go && go.note() != null) {
            screen.println(go.note());
        }
        if (verdict instanceof PullGate.WontFit wontFit) {
            if (!interactive) {
                screen.error(wontFit.why() + ": not downloaded (`/pull --force " + model + "` downloads it anyway)");
                return;
            }
            if (!ask(wontFit.why() + ". Download it anyway?")) {
                screen.println("not downloaded");
                return;
            }
        }
        Terminal terminal = screen.terminal();
        Console console = new Console(
                terminal.writer(),
                terminal.writer(),
                true,
                true,
                screen.colour(),
                services.options().raw());
        PullProgressView view = new PullProgressView(console, services.env().clock());
        Cancellation cancellation = new Cancellation();
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> cancellation.cancel());
        try {
            services.client().daemon().pull(model, view, cancellation);
            view.finish();
            screen.println(model + " is installed: /model " + model + " to use it");
        } catch (CancelledException e) {
            view.finish();
            screen.println("[pull stopped]");
        } catch (JollamaException e) {
            view.finish();
            screen.error(e.getMessage());
        } finally {
            terminal.handle(Terminal.Signal.INT, previous);
        }
    }
}
