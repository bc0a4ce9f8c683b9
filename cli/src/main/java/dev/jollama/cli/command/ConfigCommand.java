package dev.jollama.cli.command;

import dev.jollama.cli.Services;
import dev.jollama.cli.option.JsonOption;
import dev.jollama.cli.render.Console;
import dev.jollama.cli.render.Table;
import dev.jollama.core.json.Json;
import dev.jollama.core.settings.Setting;
import dev.jollama.core.settings.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** The effective settings and where each comes from, like {@code git config --show-origin}. */
@Command(
        name = "config",
        description = {
            "Show every setting's value in effect and where it comes from: a flag, an environment variable,"
                    + " the config file (with its line) or the default."
        },
        subcommands = {ConfigPathCommand.class, ConfigEditCommand.class})
public final class ConfigCommand implements Callable<Integer> {

    @ParentCommand
    JollamaCommand root;

    @Mixin
    JsonOption json;

    /** The --json shape of one setting. */
    record Shown(
            String name,
            String value,
            String origin,
            String source,
            String key,
            String env,
            String flag,
            String type,
            String defaultValue,
            String description) {}

    @Override
    public Integer call() {
        Services services = root.services();
        Console console = root.console();
        List<Shown> shown = new ArrayList<>();
        for (Settings.Shown e : services.settings().shown()) {
            Setting s = e.setting();
            shown.add(new Shown(
                    s.displayName(),
                    e.value(),
                    e.origin().kind().name().toLowerCase(Locale.ROOT),
                    e.origin().where(),
                    s.key(),
                    s.env(),
                    s.flag(),
                    s.type(),
                    s.defaultText(),
                    s.description()));
        }
        if (json.json) {
            console.println(Json.pretty(shown));
            return 0;
        }
        Table table = new Table("SETTING", "VALUE", "FROM");
        for (Shown s : shown) {
            table.row(s.name(), s.value(), from(s));
        }
        console.print(table.render());
        return 0;
    }

    private static String from(Shown s) {
        return s.origin().equals("env") ? "$" + s.source() : s.source();
    }
}
