package dev.jollama.cli.repl.slash;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "drop", description = "Drop a file attached to the next message (/show numbers them), or all of them.")
final class DropSlashCommand implements Runnable {

    @ParentCommand
    SlashRoot root;

    @Parameters(
            arity = "0..1",
            paramLabel = "N|all",
            completionCandidates = Values.class,
            description = "Which, as /show numbers them; none or all: every one.")
    String which;

    @Override
    public void run() {
        if (which == null || which.equalsIgnoreCase("all")) {
            root.context.drop(null);
            return;
        }
        try {
            root.context.drop(Integer.valueOf(which));
        } catch (NumberFormatException e) {
            root.context.error("/drop takes a number from /show, or all, not '" + which + "'");
        }
    }

    /** What Tab offers. */
    static final class Values implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return List.of("all").iterator();
        }
    }
}
