package dev.jollama.cli.repl.slash;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "file", description = "Attach files to the next message: text fenced with its path, images as images.")
final class FileSlashCommand implements Runnable {

    @ParentCommand
    SlashRoot root;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files, directories (their text files) or globs.")
    List<String> paths;

    @Override
    public void run() {
        root.context.attach(paths);
    }
}
