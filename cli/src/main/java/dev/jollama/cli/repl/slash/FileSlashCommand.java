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
        java.util.List<String> cleaned = new java.util.ArrayList<>();
        String home = System.getProperty("user.home");
        for (String p : paths) {
            String q = p;
            if (q.length() >= 2 && (q.startsWith("'") && q.endsWith("'") || q.startsWith("\"") && q.endsWith("\""))) {
                q = q.substring(1, q.length() - 1);
            }
            if (q.equals("~") || q.startsWith("~/")) {
                q = home + q.substring(1);
            }
            cleaned.add(q.replace("\\ ", " "));
        }
        root.context.attach(cleaned);
    }
}
