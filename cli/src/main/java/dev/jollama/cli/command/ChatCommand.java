package dev.jollama.cli.command;

import dev.jollama.cli.repl.ChatLauncher;
import dev.jollama.core.chat.ChatSettings;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** The interactive chat. */
@Command(name = "chat", description = "Chat with a model in the terminal (history, /commands, saved sessions).")
public final class ChatCommand implements Callable<Integer> {

    @ParentCommand
    JollamaCommand root;

    @Parameters(arity = "0..1", paramLabel = "MODEL|PROFILE", description = "Default: the default profile.")
    String model;

    @Option(
            names = "--resume",
            arity = "0..1",
            fallbackValue = "",
            paramLabel = "NAME",
            description = "Continue the last saved chat, or the one named.")
    String resume;

    @Override
    public Integer call() throws Exception {
        return open(root, model, resume, null);
    }

    /** Opens the REPL on the real terminal; also what `jollama` and `jollama run MODEL` do on a terminal. */
    static int open(JollamaCommand root, String model, String resume, ChatSettings settings) throws Exception {
        var services = root.services();
        services.config(); // a broken config stops here, before the terminal is switched to raw mode
        try (Terminal terminal =
                TerminalBuilder.builder().system(true).name("jollama").build()) {
            ChatLauncher.start(
                    services, terminal, model, settings, resume, root.console().colour());
        }
        return 0;
    }
}
