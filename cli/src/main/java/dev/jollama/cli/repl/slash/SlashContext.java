package dev.jollama.cli.repl.slash;

import dev.jollama.cli.Services;
import dev.jollama.core.chat.Chat;

/**
 * What a slash command may act on: the chat (core), the screen, the turn runner and the background
 * model loader. Implemented by the REPL; the commands know nothing else of it.
 */
public interface SlashContext {

    Services services();

    Chat chat();

    /** A line for the user; daemon or file text in it is shown harmlessly. */
    void println(String line);

    void error(String line);

    /** {@code /compact}: summarises the older turns with the model (Ctrl-C stops it). */
    void compact();

    /** Sends the last message again. */
    void retry();

    boolean stats();

    void stats(boolean on);

    /** Puts the last answer on the clipboard; through the terminal's OSC 52 only when asked. */
    void copyLastAnswer(boolean osc52);

    /** Renders answers as markdown, or shows them as written. */
    void markdown(boolean on);

    /** Whether answers are rendered as markdown. */
    boolean markdown();

    /** Loads the chat's model in the background, as when the chat opened. */
    void preload();

    /** Opens {@code initial} in the user's editor and sends what was saved (nothing if it is empty). */
    void edit(String initial);

    /** Attaches files (text fenced, images) to the next message. */
    void attach(java.util.List<String> paths);

    /** What the next message will carry ({@code /file}), in order: "notes.txt (~12 tokens)". */
    java.util.List<String> attached();

    /** Drops the {@code index}th (from 1) of {@link #attached()}, or all of them when null; says so. */
    void drop(Integer index);

    /** Downloads a model, with progress; Ctrl-C stops it. */
    void pull(String model, boolean force);

    /** {@code /tools}: what the model may call, on or off, and what runs without asking. */
    void showTools();

    /** {@code /tools on|off NAME}. */
    void turnTool(String name, boolean on);

    /** {@code /allow NAME}: runs without asking from now on. */
    void allowTool(String glob);
}
