package dev.jollama.cli.repl.slash;

import picocli.CommandLine.Command;

/**
 * The root of the chat's command tree: each slash command is a Picocli subcommand of it, with its
 * arguments, help and errors from its annotations, the way the one-shot commands are.
 */
@Command(name = "/", description = "Chat commands")
public final class SlashRoot {

    final SlashContext context;
    /** The text after the command's name, as typed: for commands that take free text (/system). */
    String rest = "";

    boolean bye;

    /** What /set and /system changed in this chat: a profile switched to later keeps it. */
    final ByHand byHand = new ByHand();

    SlashRoot(SlashContext context) {
        this.context = context;
    }
}
