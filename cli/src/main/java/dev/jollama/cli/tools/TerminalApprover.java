package dev.jollama.cli.tools;

import dev.jollama.cli.render.Console;
import dev.jollama.core.daemon.ToolCall;
import dev.jollama.core.tools.Approver;
import dev.jollama.core.tools.ToolPreview;
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Asks on the terminal before a call runs: the call on stderr, the answer read from {@code /dev/tty},
 * so that it works when stdin is a pipe ({@code git diff | jollama run -T read_file …}). {@code y} this
 * call, {@code a} always (for a shell: this exact command), anything else — Enter, Ctrl-D — no.
 */
public final class TerminalApprover implements Approver {

    private static final String TTY = "/dev/tty";

    private final Console console;
    private BufferedReader tty;

    private TerminalApprover(Console console) {
        this.console = console;
    }

    /**
     * The approver of a command line whose stderr is a terminal that can be read, or null: with nobody
     * to ask, calls not allowed are refused.
     */
    public static TerminalApprover ifTerminal(Console console, boolean stderrIsTerminal) {
        return stderrIsTerminal && canOpen() ? new TerminalApprover(console) : null;
    }

    private static boolean canOpen() {
        try (var in = new FileInputStream(TTY)) {
            return true;
        } catch (IOException | SecurityException e) {
            return false; // no controlling terminal: a service, cron, CI
        }
    }

    @Override
    public Answer ask(ToolCall call, ToolPreview preview) {
        console.errPrint(ToolLines.asking(console, preview));
        console.errPrint("Run it? " + Answer.choices(call.name(), preview) + ": ");
        String line;
        try {
            if (tty == null) {
                tty = new BufferedReader(new InputStreamReader(new FileInputStream(TTY), StandardCharsets.UTF_8));
            }
            line = tty.readLine();
        } catch (IOException e) {
            line = null;
        }
        if (line == null) {
            console.errPrint("\n");
            return Answer.NO;
        }
        return Answer.of(line);
    }
}
