package dev.jollama.cli.command;

import dev.jollama.cli.completion.DynamicValues;
import dev.jollama.cli.option.JsonOption;
import dev.jollama.cli.render.Console;
import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.json.Json;
import dev.jollama.core.profile.Profile;
import dev.jollama.core.settings.Config;
import dev.jollama.core.text.NearestMatch;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** One profile with every setting resolved. */
@Command(name = "show", description = "Show a profile's resolved settings.")
public final class ProfilesShowCommand implements Callable<Integer> {

    @ParentCommand
    ProfilesCommand parent;

    @Mixin
    JsonOption json;

    @Parameters(paramLabel = "NAME", completionCandidates = DynamicValues.Profile.class)
    String name;

    @Override
    public Integer call() {
        JollamaCommand root = parent.root();
        Console console = root.console();
        Config config = root.services().config();
        Profile p = config.profiles().get(name);
        if (p == null) {
            throw new InvalidInputException("no profile '" + name + "'"
                    + NearestMatch.hint(name, config.profiles().keySet()) + ": see `jollama profiles`");
        }
        if (json.json) {
            console.println(Json.pretty(p));
            return 0;
        }
        StringBuilder out = new StringBuilder();
        line(out, "name", p.name() + (p.name().equals(config.defaultProfile()) ? " (default)" : ""));
        line(out, "model", p.model());
        line(out, "source", p.builtIn() ? "built-in" : "user, " + config.source());
        line(out, "description", p.description());
        line(out, "system", p.system() == null ? "(none)" : p.system());
        line(out, "options", p.options().isEmpty() ? "(none)" : Json.compact(p.options()));
        line(out, "keep alive", p.keepAlive() == null ? "(daemon default, 5m)" : p.keepAlive());
        if (p.requirements() != null) {
            var r = p.requirements();
            line(
                    out,
                    "needs",
                    String.format(
                            Locale.ROOT,
                            "%.1fB parameters; %.1f GB disk; %.1f GB RAM on CPU or %.1f GB VRAM on GPU",
                            r.parametersB(),
                            r.diskGB(),
                            r.ramGB(),
                            r.vramGB()));
        }
        console.print(out.toString());
        return 0;
    }

    private static void line(StringBuilder out, String key, String value) {
        out.append(String.format("%-12s %s%n", key, value == null ? "" : value));
    }
}
