package dev.jollama.cli.repl;

import dev.jollama.core.storage.PrivateFiles;
import java.io.IOException;
import java.nio.file.Path;
import org.jline.keymap.KeyMap;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.Reference;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;

/**
 * The chat loop: reads a message or a slash command with JLine (history, Ctrl-R, completion,
 * bracketed paste, {@code """} blocks, Alt-Enter), and never ends on a daemon error.
 */
public final class Repl {

    private static final String BLOCK = "\"\"\"";

    private final Terminal terminal;
    private final ReplSession session;
    private final SlashCommands commands = new SlashCommands();
    private final Path historyFile;

    Repl(Terminal terminal, ReplSession session, Path historyFile) {
        this.terminal = terminal;
        this.session = session;
        this.historyFile = historyFile;
    }

    public void run() {
        Path history = historyFile;
        try {
            // JLine appends to the file and keeps its mode: it must be private before the first line.
            PrivateFiles.createFile(historyFile);
        } catch (IOException e) {
            history = null;
        }
        LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("jollama")
                .completer(new SlashCompleter(commands, session))
                .variable(LineReader.HISTORY_FILE, history)
                .variable(LineReader.HISTORY_SIZE, 5000)
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, "... ")
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.HISTORY_IGNORE_DUPS, true)
                .build();
        // Alt-Enter adds a newline to the message instead of sending it.
        reader.getKeyMaps()
                .get(LineReader.MAIN)
                .bind(new Reference(LineReader.SELF_INSERT_UNMETA), KeyMap.alt('\r'), KeyMap.alt('\n'));
        if (history == null) {
            session.error("history will not be kept: cannot create " + historyFile);
        }
        session.noticeTo(line -> {
            if (reader.isReading()) {
                reader.printAbove(line);
            } else {
                session.println(line);
            }
        });
        session.println("chatting with " + session.settings().model() + " — /help for commands, /bye to leave");
        session.preload();
        while (true) {
            String line;
            try {
                line = reader.readLine(">>> ");
            } catch (UserInterruptException e) {
                session.println("(Ctrl-C stops an answer; to leave, type /bye or press Ctrl-D)");
                continue;
            } catch (EndOfFileException e) {
                break;
            }
            String text = line.strip();
            if (text.startsWith(BLOCK)) {
                text = readBlock(reader, text.substring(3));
                if (text == null) {
                    break;
                }
            }
            if (text.isEmpty()) {
                continue;
            }
            if (text.startsWith("/")) {
                if (!commands.run(session, text)) {
                    break;
                }
                continue;
            }
            session.send(text);
        }
        try {
            reader.getHistory().save();
        } catch (IOException e) {
            session.error("could not save the history: " + e.getMessage());
        }
        session.println("bye — this chat is saved as " + session.sessionName());
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
                line = reader.readLine("... ");
            } catch (UserInterruptException e) {
                return "";
            } catch (EndOfFileException e) {
                return null;
            }
        }
    }
}
