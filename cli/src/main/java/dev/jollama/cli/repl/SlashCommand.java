package dev.jollama.cli.repl;

/** One command of the chat REPL, such as {@code /model} or {@code /save}. */
interface SlashCommand {

    /** The name without the slash. */
    String name();

    /** Arguments, for /help: {@code "NAME"}, {@code "on|off"}, or empty. */
    default String arguments() {
        return "";
    }

    String description();

    /** Runs the command; returns false to end the REPL. */
    boolean run(ReplSession session, String args);
}
