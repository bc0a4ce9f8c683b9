package dev.jollama.cli.repl.slash;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "load", description = "Continue a saved chat (this one stays saved).")
final class LoadSlashCommand implements Runnable {

    @ParentCommand
    SlashRoot root;

    @Parameters(paramLabel = "NAME", completionCandidates = SessionNames.class, description = "See /sessions.")
    String name;

    @Override
    public void run() {
        SlashContext c = root.context;
        c.chat().load(name);
        c.println("loaded " + name + ": "
                + ShowSlashCommand.plural(c.chat().conversation().turns().size(), "message") + " with "
                + c.chat().settings().model());
        c.preload();
    }

    /** Filled in by the completer from the chat's store; Picocli needs a no-argument class here. */
    static final class SessionNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Collections.emptyIterator();
        }
    }
}
