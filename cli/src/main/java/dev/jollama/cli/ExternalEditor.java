package dev.jollama.cli;

import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.storage.PrivateFiles;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Composes a message in the user's editor: {@code $VISUAL}, else {@code $EDITOR}, else {@code vi}, on
 * the real terminal, with a private temporary file that is deleted afterwards. An empty file means
 * "send nothing"; a failing editor is an error, and what was typed is not sent half-done.
 */
public final class ExternalEditor {

    private final String editor;

    /** {@code editor}: the command as the settings give it ($VISUAL, else $EDITOR, else vi). */
    public ExternalEditor(String editor) {
        this.editor = editor;
    }

    /**
     * Refuses an editor before anything is read or sent when none of stdin, stdout and stderr is a
     * terminal: a script or a service has no screen for it, and vi on a pipe would wait for keys that
     * never come. {@code what}: the option or command that wants it ("-e").
     */
    public static void requireTerminal(Environment env, String what, String instead) {
        if (!env.stdinIsTerminal() && !env.stdoutIsTerminal() && !env.stderrIsTerminal()) {
            throw new InvalidInputException(what + " opens an editor, and there is no terminal for it: " + instead);
        }
    }

    /** The editor's command line: the variable's words (it may carry options, as {@code code --wait}). */
    List<String> command() {
        List<String> words = new ArrayList<>(List.of(editor.strip().split("\\s+")));
        return words;
    }

    /** Opens {@code initial} in the editor and returns what was saved, stripped; "" when it was emptied. */
    public String compose(String initial) {
        Path file;
        String start = initial == null || initial.isBlank() ? "" : initial.strip() + "\n";
        try {
            Path dir = Files.createTempDirectory("jollama-edit");
            file = dir.resolve("message.md");
            PrivateFiles.createFile(file);
            Files.writeString(file, start, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException("cannot make a file for the editor: " + e.getMessage());
        }
        try {
            boolean saved = edit(file, "nothing was sent");
            String written = Files.readString(file, StandardCharsets.UTF_8);
            // A save within the file system's timestamp granularity leaves the time as it was: the text
            // tells too.
            if (!saved && written.equals(start) && !start.isEmpty()) {
                return ""; // left without saving (:q!): what was typed before is not sent behind the user's back
            }
            return written.strip();
        } catch (IOException e) {
            throw new InvalidInputException("cannot read what the editor saved: " + e.getMessage());
        } finally {
            try {
                Files.deleteIfExists(file);
                Files.deleteIfExists(file.getParent());
            } catch (IOException ignored) {
                // a temporary folder; the system cleans it
            }
        }
    }

    /**
     * Opens {@code file} in the editor on the terminal and waits; true when it was saved (its time
     * changed). {@code outcome}: what the error messages say happened ("nothing was sent").
     */
    public boolean edit(Path file, String outcome) throws IOException {
        {
            List<String> command = command();
            command.add(file.toString());
            long before = Files.getLastModifiedTime(file).toMillis();
            int code;
            try {
                ProcessBuilder editor = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
                // The editor gets the terminal itself, even when jollama's stdin is a pipe (already read)
                // or its stdout a file (which must hold only the answer).
                File tty = new File("/dev/tty");
                if (canOpen(tty)) {
                    editor.redirectInput(tty).redirectOutput(tty);
                } else {
                    editor.inheritIO();
                }
                code = editor.start().waitFor();
            } catch (IOException e) {
                throw new InvalidInputException(
                        "cannot start the editor '" + command.get(0) + "' ($VISUAL, $EDITOR):" + " " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InvalidInputException("interrupted while the editor was open: " + outcome);
            }
            if (code != 0) {
                throw new InvalidInputException(
                        "the editor '" + command.get(0) + "' exited with " + code + ": " + outcome);
            }
            return Files.getLastModifiedTime(file).toMillis() != before;
        }
    }

    private static boolean canOpen(File tty) {
        try (var in = new java.io.FileInputStream(tty)) {
            return true;
        } catch (IOException | SecurityException e) {
            return false; // no controlling terminal (a service, a test)
        }
    }
}
