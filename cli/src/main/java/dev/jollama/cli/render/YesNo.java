package dev.jollama.cli.render;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** A question on the terminal whose answer defaults to No: only an answer starting with y is a yes. */
public final class YesNo {

    private YesNo() {}

    /** Asks {@code question} (already harmless) on stderr and reads a line of {@code stdin}. */
    public static boolean ask(Console console, InputStream stdin, String question) {
        console.errPrint(question + " [y/N] ");
        String answer;
        try {
            answer = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            answer = null;
        }
        if (answer == null) {
            console.errPrint("\n"); // Ctrl-D: end the prompt's line
            return false;
        }
        return answer.strip().toLowerCase(Locale.ROOT).startsWith("y");
    }
}
