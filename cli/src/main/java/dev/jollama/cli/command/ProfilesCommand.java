package dev.jollama.cli.command;

import dev.jollama.cli.option.JsonOption;
import dev.jollama.cli.render.Console;
import dev.jollama.cli.render.Table;
import dev.jollama.core.json.Json;
import dev.jollama.core.profile.Profile;
import dev.jollama.core.settings.Config;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** Lists the profiles: built-in and the user's. */
@Command(
        name = "profiles",
        description = "List model profiles (built-in and from the config file).",
        subcommands = {ProfilesShowCommand.class, ProfilesInitCommand.class})
public final class ProfilesCommand implements Callable<Integer> {

    @ParentCommand
    JollamaCommand root;

    @Mixin
    JsonOption json;

    JollamaCommand root() {
        return root;
    }

    @Override
    public Integer call() {
        Console console = root.console();
        Config config = root.services().config();
        if (json.json) {
            console.println(Json.pretty(config.profiles().values()));
            return 0;
        }
        Table table = new Table("NAME", "MODEL", "SOURCE", "DESCRIPTION");
        for (Profile p : config.profiles().values()) {
            String source =
                    (p.builtIn() ? "built-in" : "user") + (p.name().equals(config.defaultProfile()) ? ", default" : "");
            table.row(p.name(), p.model(), source, p.description());
        }
        console.print(table.render());
        return 0;
    }
}
