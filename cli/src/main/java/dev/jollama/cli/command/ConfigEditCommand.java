package dev.jollama.cli.command;

import dev.jollama.cli.ExternalEditor;
import dev.jollama.cli.error.ExitException;
import dev.jollama.core.error.ExitCode;
import dev.jollama.core.error.InvalidConfigException;
import dev.jollama.core.settings.ConfigFile;
import dev.jollama.core.storage.AtomicFiles;
import dev.jollama.core.storage.OwnFiles;
import dev.jollama.core.storage.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * Edits the config as visudo edits sudoers: a copy goes to the editor, and only a copy that reads
 * without error replaces the file. An error re-opens the editor on the copy, edits kept; leaving the
 * editor without saving after an error gives up and leaves the file as it was.
 */
@Command(
        name = "edit",
        description = {
            "Edit the config file in $VISUAL or $EDITOR, checked before it is saved.",
            "A missing file starts from the commented starter; a copy is edited, and replaces the file only"
                    + " when it reads without error (an error asks to edit again)."
        })
public final class ConfigEditCommand implements Callable<Integer> {

    @ParentCommand
    ConfigCommand config;

    @Override
    public Integer call() throws IOException {
        var root = config.root;
        var services = root.services();
        var console = root.console();
        ExternalEditor.requireTerminal(
                services.env(),
                "config edit",
                "edit " + services.settings().configLocation().path() + " itself");
        Path file = services.settings().configLocation().path();
        boolean existed = Files.exists(file);
        String original = existed
                ? new String(OwnFiles.read(file, OwnFiles.Kind.CONFIG), StandardCharsets.UTF_8)
                : ConfigFile.starterText();
        PrivateFiles.createDirectories(file.toAbsolutePath().getParent());
        // Named for this process: a copy left by a killed jollama is removed by a later write.
        Path copy = AtomicFiles.temporary(file, ".edit");
        try {
            Files.writeString(copy, original, StandardCharsets.UTF_8);
            ExternalEditor editor = new ExternalEditor(services.settings().editor());
            String problem = null;
            String rejected = null;
            while (true) {
                boolean saved = editor.edit(copy, "the config is unchanged");
                String text = Files.readString(copy, StandardCharsets.UTF_8);
                if (problem != null && (!saved || text.equals(rejected))) {
                    throw new ExitException(
                            ExitCode.INVALID_CONFIG, "gave up: " + file + " is unchanged (" + problem + ")");
                }
                if (!saved && !existed) {
                    console.note("left without saving: no config was created");
                    return 0;
                }
                try {
                    ConfigFile.check(file, text);
                } catch (InvalidConfigException e) {
                    problem = e.getMessage();
                    rejected = text;
                    console.note("" + problem);
                    // On a terminal the editor would cover the message: ask first. Elsewhere, give up.
                    if (!services.env().stdinIsTerminal()
                            || !dev.jollama.cli.render.YesNo.ask(
                                    console,
                                    services.env().stdin(),
                                    "Edit it again? (no leaves " + file + " as it was)")) {
                        throw new ExitException(ExitCode.INVALID_CONFIG, "gave up: " + file + " is unchanged");
                    }
                    continue;
                }
                if (existed && text.equals(original)) {
                    console.note("" + file + " is unchanged");
                    return 0;
                }
                AtomicFiles.write(file, text);
                console.note("" + (existed ? "saved " : "created ") + file);
                return 0;
            }
        } finally {
            Files.deleteIfExists(copy);
        }
    }
}
